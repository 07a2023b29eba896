// Effects: replace this process with COMMAND, through the addon's execve or process.execve.
import { type Addon, errnoError } from './addon.js';
import { envPairs } from './env.js';
import { cannotRun, EXIT, ExitError } from './errors.js';
import { type Invocation, isSigBlk } from './invocation.js';
import { withoutWarning } from './warnings.js';

/** Replaces this process; throws an errno error (`code` ENOENT, ...) when the kernel refuses. */
export type Execve = (file: string, args: string[], env: Record<string, string>) => never;

/** An execve, and which one it is (for the debug log, doctor and the tests). */
export interface Replacer {
  execve: Execve;
  via: 'the addon' | 'process.execve';
  /** Whether Node's permission model lets this process start others (env, for the caller's mask). */
  spawns: boolean;
}

/**
 * Signals Node ignores for itself (it writes to closed pipes and large files without dying), which
 * an ignored disposition would carry across execve into COMMAND. A signal with a handler is reset
 * to its default by execve, so a listener for each turns them back.
 */
const IGNORED_BY_NODE: NodeJS.Signals[] = ['SIGPIPE', 'SIGXFSZ'];

/** process.execve, with COMMAND's signals at their defaults and its experimental warning kept out of the log. */
const processExecve =
  (proc: NodeJS.Process): Execve =>
  (file, args, env) => {
    for (const signal of IGNORED_BY_NODE) proc.on(signal, () => {});
    // Node >= 22.15 has it (bin/uid-entrypoint.cjs refuses older ones before anything runs).
    const execve = proc.execve as NonNullable<NodeJS.Process['execve']>;
    return withoutWarning(/execve/, () => execve.call(proc, file, args, env));
  };

/**
 * The addon's execve (native/execve.c), which starts COMMAND with every signal at its default and
 * `mask` blocked: the caller's, as the launcher read it (SigBlk's hexadecimal), else none.
 */
const addonExecve =
  (addon: Addon, mask: string | undefined): Execve =>
  (file, args, env) => {
    const errno = isSigBlk(mask)
      ? addon.execve(file, args, envPairs(env), mask)
      : addon.execve(file, args, envPairs(env));
    throw errnoError(errno, 'execve', file);
  };

/** Whether Node's permission model, if on, lets this process exec (--allow-child-process). */
export const childAllowed = (proc: NodeJS.Process): boolean =>
  proc.permission === undefined || proc.permission.has('child');

/**
 * How this process will replace itself: through the addon where there is one, else through
 * process.execve. Under Node's permission model, only process.execve, which asks it: the addon
 * would exec where --allow-child-process was not given. `mask` is the caller's signal mask, which
 * only the addon can give COMMAND: process.execve leaves Node's, which blocks none.
 */
export function execveOf(proc: NodeJS.Process, addon: Addon | undefined, mask?: string): Replacer {
  const spawns = childAllowed(proc);
  if (addon && spawns) return { execve: addonExecve(addon, mask), via: 'the addon', spawns };
  return { execve: processExecve(proc), via: 'process.execve', spawns };
}

/** Where GNU env is: the path `#!/usr/bin/env` lines rely on. */
export const ENV_PATH = '/usr/bin/env';

/**
 * Whether the env at `path` can block `signals` for what it runs (GNU coreutils 8.31 and later;
 * busybox's cannot): it is asked to, and to run itself. Only a start without the addon whose
 * caller blocked signals asks, so child_process is loaded only then.
 */
export function envCanBlock(path: string, signals: number[]): boolean {
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const probe = spawnSync(path, [`--block-signal=${signals.join(',')}`, path], { stdio: 'ignore', env: {} });
  return probe.status === 0;
}

/**
 * Replaces Node with `inv`. Returns only by throwing: a refused exec as the exit code a shell
 * would give (cannotRun). process.execve of Node 22.15-24 aborts instead when the kernel refuses,
 * which is why resolve.ts checks what it can before.
 */
export function replaceProcess(replacer: Replacer, inv: Invocation, env: Record<string, string>): never {
  try {
    return replacer.execve(inv.file, inv.argv, env);
  } catch (error) {
    const { code } = error as { code?: unknown };
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) throw cannotRun(inv.file, code);
    if (code === 'ERR_ACCESS_DENIED') {
      throw new ExitError(
        EXIT.notExecutable,
        `cannot run ${inv.file}: Node runs with --permission and without --allow-child-process`,
      );
    }
    throw error;
  }
}
