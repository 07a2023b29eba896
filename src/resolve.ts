// Effects (read): find COMMAND the way a shell does, so "not found" (127) and "not executable" (126) are told apart.
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHEBANG_BYTES, shebangInterpreter } from './shebang.js';

/** Why COMMAND cannot run: the exit code a shell would give, and the message. */
export type Refusal = { code: 126 | 127; message: string };
export type Resolution = { path: string } | Refusal;

const kind = (path: string): 'exec' | 'no-exec' | 'missing' => {
  try {
    // Most PATH entries lack the command: answered without an exception, which costs more.
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return 'missing';
    if (!stat.isFile()) return 'no-exec';
  } catch {
    return 'missing';
  }
  try {
    accessSync(path, constants.X_OK);
    return 'exec';
  } catch {
    return 'no-exec';
  }
};

/** Resolves `command` against PATH (a name) or as given (anything with a slash). */
export function resolveCommand(command: string, path: string | undefined): Resolution {
  if (command === '') return { code: 127, message: 'empty command name' };
  if (command.includes('/')) {
    const k = kind(command);
    if (k === 'exec') return { path: command };
    return k === 'missing'
      ? { code: 127, message: `${command}: no such file` }
      : { code: 126, message: `${command}: not an executable file` };
  }
  let denied: string | undefined;
  for (const dir of (path ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const candidate = join(dir === '' ? '.' : dir, command);
    const k = kind(candidate);
    if (k === 'exec') return { path: candidate };
    if (k === 'no-exec') denied ??= candidate;
  }
  return denied
    ? { code: 126, message: `${command}: found ${denied}, but it is not an executable file` }
    : { code: 127, message: `${command}: command not found` };
}

/**
 * Why the kernel would refuse to run the executable file `path` for its #! line: an interpreter
 * that is missing or not executable (126, as a shell reports a bad interpreter). Undefined when
 * the file is not a script, cannot be read, or its interpreter is there. Node 22.15-24 abort
 * the process when process.execve fails, so this common failure is found before it; it is also
 * what a script saved with Windows line endings hits ("/bin/sh\r").
 */
export function interpreterProblem(path: string): Refusal | undefined {
  const head = Buffer.alloc(SHEBANG_BYTES);
  let length: number;
  try {
    const fd = openSync(path, constants.O_RDONLY);
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Executable but not readable: no script can run so; the kernel will say what it says.
    return undefined;
  }
  const interpreter = shebangInterpreter(head.subarray(0, length));
  if (interpreter === undefined) return undefined;
  const k = kind(interpreter);
  if (k === 'exec') return undefined;
  const why = k === 'missing' ? 'no such file' : 'not an executable file';
  const crlf = interpreter.endsWith('\r')
    ? ' (the script has Windows line endings: convert it with dos2unix or sed -i "s/\\r$//")'
    : '';
  return { code: 126, message: `${path}: bad interpreter ${JSON.stringify(interpreter)}: ${why}${crlf}` };
}
