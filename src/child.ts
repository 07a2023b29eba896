// Effects: start COMMAND as a child with this process's stdio, on Node without process.execve.
import { binding } from './binding.js';
import { envPairs } from './env.js';
import { cannotRun } from './errors.js';
import type { Invocation } from './invocation.js';

/** How COMMAND ended on the spawn path: its exit code, or the signal that killed it. */
export type Outcome = { code: number } | { signal: NodeJS.Signals };

/** A started child: its PID, and how it ends. */
export interface Child {
  pid: number | undefined;
  ended: Promise<Outcome>;
}

/** The members of process_wrap's Process this file uses (the handle under node:child_process). */
interface ProcessHandle {
  pid?: number;
  onexit?: (status: number, signal: string) => void;
  spawn(options: {
    file: string;
    args: string[];
    envPairs: string[];
    stdio: { type: 'inherit'; fd: number }[];
  }): number;
  close(): void;
}
export type ProcessConstructor = new () => ProcessHandle;

/**
 * process_wrap's Process, where this Node is one that lacks process.execve and gives it.
 * node:child_process costs about 6 ms to load on Node 20 and about 2 ms more to spawn through;
 * the handle under it costs 0.15 ms (bench/README.md, round six). Those Nodes are a closed set,
 * 20.16 (package.json's engines) to 22.14 and 23.0 to 23.10, and the options object below is the
 * shape all of them take (checked by hand on 20.16, 22.0, 22.14 and 23.10; the tests run 20.20).
 * A later Node takes another (Node 24 aborts on this one), so none is given it. Undefined also
 * where process.binding is refused (--permission): then node:child_process does it.
 */
export function processWrap(version: string = process.versions.node): ProcessConstructor | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const lacksExecve = major < 22 || (major === 22 && minor < 15) || (major === 23 && minor < 11);
  if (!lacksExecve) return undefined;
  const Process = binding('process_wrap')?.Process;
  if (typeof Process !== 'function') return undefined;
  const { prototype } = Process as { prototype?: Partial<ProcessHandle> };
  return typeof prototype?.spawn === 'function' && typeof prototype.close === 'function'
    ? (Process as ProcessConstructor)
    : undefined;
}

/** Starts `inv` through the Process handle, as node:child_process does with stdio 'inherit'. */
function startWrapped(Process: ProcessConstructor, inv: Invocation, env: Record<string, string>): Child {
  const handle = new Process();
  const ended = new Promise<Outcome>((resolve) => {
    handle.onexit = (status, signal) => {
      handle.close();
      resolve(signal ? { signal: signal as NodeJS.Signals } : { code: status });
    };
  });
  const error = handle.spawn({
    file: inv.file,
    args: inv.argv,
    envPairs: envPairs(env),
    stdio: [0, 1, 2].map((fd) => ({ type: 'inherit', fd })),
  });
  if (error !== 0) {
    handle.close();
    throw cannotRun(inv.file, process.getBuiltinModule('node:util').getSystemErrorName(error));
  }
  return { pid: handle.pid, ended };
}

/** Starts `inv` through node:child_process. */
function startChildProcess(inv: Invocation, env: Record<string, string>): Child {
  const { spawn } = process.getBuiltinModule('node:child_process');
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(inv.file, inv.argv.slice(1), { argv0: inv.argv[0], env, stdio: 'inherit' });
  } catch (error) {
    // EACCES, ENOENT and the like come as an 'error' event; the rarer rest (E2BIG, ...) is thrown.
    throw cannotRun(inv.file, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  const ended = new Promise<Outcome>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(cannotRun(inv.file, error.code ?? error.message)));
    child.once('exit', (code, signal) => resolve(signal ? { signal } : { code: code ?? 0 }));
  });
  return { pid: child.pid, ended };
}

/** Starts `inv` as a child with this process's stdio: through `Process` (processWrap()) when given, else node:child_process. */
export const startChild = (inv: Invocation, env: Record<string, string>, Process?: ProcessConstructor): Child =>
  Process ? startWrapped(Process, inv, env) : startChildProcess(inv, env);
