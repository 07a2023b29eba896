// Effects: replace this process with COMMAND (process.execve), or spawn it and forward signals on older Node.
import type { Invocation } from './invocation.js';

/** How COMMAND ended on the spawn path: its exit code, or the signal that killed it. */
export type Outcome = { code: number } | { signal: NodeJS.Signals };

/** Signals a container runtime or a terminal sends, forwarded to COMMAND on the spawn path. */
export const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

type Execve = (file: string, args: string[], env: Record<string, string>) => never;

/** process.execve where this Node has it (>= 22.15 / 23.11), else undefined. */
export const execveOf = (proc: NodeJS.Process): Execve | undefined =>
  typeof (proc as { execve?: unknown }).execve === 'function' ? ((proc as unknown as { execve: Execve }).execve.bind(proc) as Execve) : undefined;

/**
 * Replaces Node with `inv`. process.execve is experimental and warns once per
 * process; that warning would land in every container's log on every start,
 * so it alone is silenced. Returns only if execve failed (it throws).
 */
export function replaceProcess(execve: Execve, inv: Invocation, env: Record<string, string>): never {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/execve/.test(text)) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return execve(inv.file, inv.argv, env);
  } finally {
    process.emitWarning = emit;
  }
}

/**
 * The fallback for Node without process.execve: run `inv` as a child with
 * this process's stdio, forward FORWARDED signals to it, and report how it
 * ended. execa is loaded only here, off the execve start path.
 */
export async function spawnAndForward(inv: Invocation, env: Record<string, string>): Promise<Outcome> {
  const { execa } = await import('execa');
  const child = execa(inv.file, inv.argv.slice(1), {
    argv0: inv.argv[0],
    env,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
    // The app's own shutdown time is its business: no SIGKILL after a delay.
    forceKillAfterDelay: false,
    cleanup: false,
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    const result = await child;
    if (result.signal) return { signal: result.signal as NodeJS.Signals };
    if (result.exitCode === undefined) throw new Error(result.message);
    return { code: result.exitCode };
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
