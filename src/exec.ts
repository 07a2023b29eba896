// Effects: replace this process with COMMAND (the execve addon, or process.execve), or spawn it and
// forward signals on a Node that has neither.
import { addonExecve, type Execve } from './addon.js';
import { type Outcome, type ProcessConstructor, startChild } from './child.js';
import { cannotRun } from './errors.js';
import type { Invocation } from './invocation.js';
import { FROM_TERMINAL, selfInForeground } from './terminal.js';
import { withoutWarning } from './warnings.js';

/** The exit code a shell reports for a process killed by `signal`: 128 + its number. */
export const signalExitCode = (signal: NodeJS.Signals): number =>
  128 + (process.getBuiltinModule('node:os').constants.signals[signal] ?? 0);

/** Signals a container runtime or a terminal sends, forwarded to COMMAND on the spawn path. */
export const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/** process.execve where this Node has it (>= 22.15 / 23.11), else undefined. */
export const processExecve = (proc: NodeJS.Process): Execve | undefined =>
  typeof (proc as { execve?: unknown }).execve === 'function'
    ? ((proc as unknown as { execve: Execve }).execve.bind(proc) as Execve)
    : undefined;

/** An execve, and which one it is (for the debug log and the tests). */
export interface Replacer {
  execve: Execve;
  via: 'the execve addon' | 'process.execve';
}

/** How this process will replace itself: the addon in `dir` (addon.ts says why first), else process.execve, else not at all. */
export function execveOf(proc: NodeJS.Process, dir: string | undefined): Replacer | undefined {
  const addon = addonExecve(dir);
  if (addon) return { execve: addon, via: 'the execve addon' };
  const own = processExecve(proc);
  return own && { execve: own, via: 'process.execve' };
}

/**
 * Replaces Node with `inv`. process.execve is experimental and warns once per
 * process; that warning alone is silenced. Returns only if execve failed: the
 * addon and Nodes after 24 throw an errno error (Node's PR 62878), reported
 * here as a start that failed; process.execve of Node 22.15-24 aborts then
 * (resolve.ts checks what it can before).
 */
export function replaceProcess(execve: Execve, inv: Invocation, env: Record<string, string>): never {
  try {
    return withoutWarning(/execve/, () => execve(inv.file, inv.argv, env));
  } catch (error) {
    const { code } = error as { code?: unknown };
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) throw cannotRun(inv.file, code);
    throw error;
  }
}

/**
 * The fallback for a Node without process.execve or the addon: run `inv` as a child with
 * this process's stdio (through `Process`, processWrap(), when given: see
 * child.ts), forward FORWARDED signals to it (but not a terminal's own to a
 * process group they reached already: terminal.ts), and report how it ended. Not
 * execa: it cost about 50 ms to load on Node 20, on every container start
 * (bench/README.md).
 */
export async function spawnAndForward(
  inv: Invocation,
  env: Record<string, string>,
  Process?: ProcessConstructor,
): Promise<Outcome> {
  const child = startChild(inv, env, Process);
  const forward = (signal: NodeJS.Signals): void => {
    // Ctrl-C in a terminal where this process is in the foreground reached COMMAND, in the same
    // process group, already: forwarding it would deliver it twice.
    if (FROM_TERMINAL.has(signal) && selfInForeground()) return;
    try {
      if (child.pid !== undefined) process.kill(child.pid, signal);
    } catch {
      // ESRCH: it has just ended; its end is reported as usual.
    }
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    return await child.ended;
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
