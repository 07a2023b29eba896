// Effects: replace this process with COMMAND (process.execve), or spawn it and forward signals on older Node.
import { EXIT, ExitError } from './errors.js';
import type { Invocation } from './invocation.js';
import { withoutWarning } from './warnings.js';

/** How COMMAND ended on the spawn path: its exit code, or the signal that killed it. */
export type Outcome = { code: number } | { signal: NodeJS.Signals };

/** The exit code a shell reports for a process killed by `signal`: 128 + its number. */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (process.getBuiltinModule('node:os').constants.signals[signal] ?? 0);

/** Signals a container runtime or a terminal sends, forwarded to COMMAND on the spawn path. */
export const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

type Execve = (file: string, args: string[], env: Record<string, string>) => never;

/** process.execve where this Node has it (>= 22.15 / 23.11), else undefined. */
export const execveOf = (proc: NodeJS.Process): Execve | undefined =>
  typeof (proc as { execve?: unknown }).execve === 'function' ? ((proc as unknown as { execve: Execve }).execve.bind(proc) as Execve) : undefined;

/**
 * Replaces Node with `inv`. process.execve is experimental and warns once per
 * process; that warning alone is silenced. Returns only if execve failed (it throws).
 */
export function replaceProcess(execve: Execve, inv: Invocation, env: Record<string, string>): never {
  return withoutWarning(/execve/, () => execve(inv.file, inv.argv, env));
}

/**
 * The fallback for Node without process.execve: run `inv` as a child with
 * this process's stdio, forward FORWARDED signals to it, and report how it
 * ended. It uses node:child_process directly, loaded only here: execa cost
 * about 50 ms to load on Node 20, on every container start (bench/README.md).
 */
export async function spawnAndForward(inv: Invocation, env: Record<string, string>): Promise<Outcome> {
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(inv.file, inv.argv.slice(1), { argv0: inv.argv[0], env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    return await new Promise<Outcome>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        // The file was found and checked before; what fails now is the start itself
        // (a working directory that is gone, a vanished file, a bad interpreter).
        const cwd = error.code === 'ENOENT' ? ' (or the working directory is gone)' : '';
        reject(new ExitError(error.code === 'ENOENT' ? EXIT.notFound : EXIT.notExecutable, `cannot run ${inv.file}: ${error.code ?? error.message}${cwd}`));
      });
      child.once('exit', (code, signal) => resolve(signal ? { signal } : { code: code ?? 0 }));
    });
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
