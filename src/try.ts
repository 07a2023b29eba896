// try: run `uid-entrypoint [options] -- COMMAND` as an arbitrary UID in nested user namespaces, no root, no Docker.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Self } from './cli.js';
import { flagName, RUN_OPTIONS, resolveConfig, resolveTryConfig, type Env, type RawFlags } from './config.js';
import { EXIT, ExitError } from './errors.js';
import { tmpdirOf } from './run.js';
import { readUsernsSysctls, usernsBlocker } from './userns.js';

/** The exit code a shell reports for a process killed by `signal`: 128 + its number. */
export const signalExitCode = (signal: NodeJS.Signals): number =>
  128 + (process.getBuiltinModule('node:os').constants.signals[signal] ?? 0);

/**
 * Runs as mapped root in the outer namespaces (PID 1 of a new PID namespace):
 * private passwd and group over the real ones, read-only if asked, a private
 * /tmp as in a container, then the inner user namespace at the wanted UID/GID.
 */
const OUTER = [
  'set -e',
  'mount --bind "$1" /etc/passwd',
  'mount --bind "$2" /etc/group',
  'if [ "$3" = read-only ]; then mount -o remount,bind,ro /etc/passwd; mount -o remount,bind,ro /etc/group; fi',
  'mount -t tmpfs -o mode=1777 tmpfs /tmp',
  'uid=$4 gid=$5',
  'shift 5',
  'exec unshare --user --map-user="$uid" --map-group="$gid" -- "$@"',
].join('\n');

/** The environment a container starts with: no identity of the caller's, HOME=/. */
export function containerEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || /^(USER|LOGNAME|HOME|MAIL|TMPDIR|LD_PRELOAD|NSS_WRAPPER_.*)$/.test(key)) continue;
    out[key] = value;
  }
  out.HOME = '/';
  return out;
}

/** The entrypoint options given to try, as argv for the inner uid-entrypoint. */
export function forwardedFlags(flags: RawFlags): string[] {
  const out: string[] = [];
  for (const option of RUN_OPTIONS) {
    const value = flags[option.key];
    const name = flagName(option);
    if (value === true) out.push(name);
    else if (typeof value === 'string') out.push(name, value);
  }
  return out;
}

/** Runs try; returns the exit code of COMMAND (or 128 + N for a signal). */
export async function runTry(flags: RawFlags, command: string[], env: Env, self: Self): Promise<number> {
  const target = await resolveTryConfig(flags);
  const innerEnv = containerEnv(env);
  await resolveConfig(flags, innerEnv);
  if (command.length === 0)
    throw new ExitError(EXIT.usage, 'missing COMMAND: uid-entrypoint try [options] [--] COMMAND [ARG...]');
  const root = process.getuid?.() === 0;
  const blocker = usernsBlocker(readUsernsSysctls(), root);
  if (blocker) throw new ExitError(EXIT.problem, `try needs user namespaces, and they are blocked here: ${blocker}`);

  const dir = mkdtempSync(join(tmpdirOf(env), 'uid-entrypoint-try-'));
  try {
    const passwd = join(dir, 'passwd');
    const group = join(dir, 'group');
    copyFileSync('/etc/passwd', passwd);
    copyFileSync('/etc/group', group);
    // Writable: group-writable, as an image that opts in has it. Read-only: exercises nss_wrapper.
    const mode = target.passwd === 'writable' ? 0o664 : 0o444;
    chmodSync(passwd, mode);
    chmodSync(group, mode);
    const args = [
      '--user',
      '--map-root-user',
      '--mount',
      '--pid',
      '--fork',
      '--mount-proc',
      '--',
      'sh',
      '-c',
      OUTER,
      'uid-entrypoint-try',
      passwd,
      group,
      target.passwd,
      String(target.uid),
      String(target.gid),
      self.node,
      self.script,
      ...forwardedFlags(flags),
      '--',
      ...command,
    ];
    // COMMAND's terminal is the caller's: stdio inherited, and Ctrl-C reaches it from the terminal itself.
    const { execa } = await import('execa');
    const result = await execa('unshare', args, { stdio: 'inherit', env: innerEnv, extendEnv: false, reject: false });
    if (result.signal) return signalExitCode(result.signal);
    return result.exitCode ?? EXIT.internal;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
