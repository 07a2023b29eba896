// try: run `uid-entrypoint [options] -- COMMAND` as an arbitrary UID, GID and groups in new
// namespaces with private passwd and group files, as a container runtime would start it: no Docker,
// and no root for an ordinary user.
import { chmodSync, copyFileSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Self } from './cli.js';
import { type Env, flagName, type RawFlags, RUN_OPTIONS, resolveConfig, resolveTryConfig } from './config.js';
import { EXIT, ExitError } from './errors.js';
import { lookupUser } from './lookup.js';
import { dirInfo, readText } from './probe.js';
import { tempBases } from './tempdirs.js';
import { type IdRange, type TryNamespaces, tryNamespaces } from './trymap.js';
import { readUsernsSysctls, usernsBlocker } from './userns.js';

/** The exit code a shell reports for a process killed by `signal`: 128 + its number. */
export const signalExitCode = (signal: NodeJS.Signals): number =>
  128 + (process.getBuiltinModule('node:os').constants.signals[signal] ?? 0);

/**
 * Runs as root of the new namespaces (PID 1 of a new PID namespace): private passwd and group
 * over the real ones, read-only if asked; a private /tmp as in a container, with the directories
 * under the old /tmp that the run needs (the install, its Node) bound into it from the old one,
 * which an open descriptor keeps reachable; then the rest of the arguments, exec'd.
 * $1 passwd, $2 group, $3 writable|read-only, $4 how many directories to keep, then each of them
 * and its path under /tmp, then argv.
 */
const OUTER = [
  'set -e',
  'mount --bind "$1" /etc/passwd',
  'mount --bind "$2" /etc/group',
  'if [ "$3" = read-only ]; then mount -o remount,bind,ro /etc/passwd; mount -o remount,bind,ro /etc/group; fi',
  'keep=$4',
  'shift 4',
  'exec 3</tmp',
  'mount -t tmpfs -o mode=1777 tmpfs /tmp',
  'while [ "$keep" -gt 0 ]; do',
  '  mkdir -p "$1"',
  // -c: the source is not made canonical, which would lead it to the new /tmp.
  '  mount -c --bind "/proc/self/fd/3/$2" "$1"',
  '  keep=$((keep - 1))',
  '  shift 2',
  'done',
  'exec 3<&-',
  'exec "$@"',
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

/**
 * The directories under /tmp the run needs from the old one: the package uid-entrypoint runs from
 * and the directory of its Node (a checkout or an install under /tmp, where many people clone).
 */
export function keptUnderTmp(self: Self): string[] {
  const real = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const dirs = [dirname(dirname(real(self.script))), dirname(real(self.node))];
  return [...new Set(dirs.filter((dir) => dir.startsWith('/tmp/')))];
}

/** The first range of /etc/subuid or /etc/subgid that belongs to `user` (by name or number). */
export function subordinateRange(text: string | undefined, user: { name: string; id: number }): IdRange | undefined {
  for (const line of (text ?? '').split('\n')) {
    const [owner, start, count] = line.split(':');
    if ((owner === user.name || owner === String(user.id)) && /^\d+$/.test(start ?? '') && /^\d+$/.test(count ?? '')) {
      return { start: Number(start), count: Number(count) };
    }
  }
  return undefined;
}

/** Runs try; returns the exit code of COMMAND (or 128 + N for a signal). */
export async function runTry(flags: RawFlags, command: string[], env: Env, self: Self): Promise<number> {
  const target = await resolveTryConfig(flags);
  const innerEnv = containerEnv(env);
  await resolveConfig(flags, innerEnv);
  if (command.length === 0) {
    throw new ExitError(EXIT.usage, 'missing COMMAND: uid-entrypoint try [options] [--] COMMAND [ARG...]');
  }
  const uid = process.getuid?.() ?? 0;
  // Root of the machine, not of a user namespace, where only some IDs exist.
  const root = uid === 0 && /^\s*0\s+0\s+4294967295\s*$/.test(readText('/proc/self/uid_map') ?? '');
  const blocker = root ? undefined : usernsBlocker(readUsernsSysctls(), false);
  if (blocker) throw new ExitError(EXIT.problem, `try needs user namespaces, and they are blocked here: ${blocker}`);
  const me = { name: lookupUser(uid, undefined)?.name ?? String(uid), id: uid };
  const namespaces: TryNamespaces = tryNamespaces(
    target,
    { name: me.name, root },
    {
      uids: subordinateRange(readText('/etc/subuid'), me),
      gids: subordinateRange(readText('/etc/subgid'), me),
    },
  );
  if ('problem' in namespaces) throw new ExitError(EXIT.usage, namespaces.problem);

  const dir = mkdtempSync(join(tempBases(env.TMPDIR, dirInfo).bases[0] ?? '/tmp', 'uid-entrypoint-try-'));
  try {
    const passwd = join(dir, 'passwd');
    const group = join(dir, 'group');
    copyFileSync('/etc/passwd', passwd);
    copyFileSync('/etc/group', group);
    // Writable: group-writable, as an image that opts in has it. Read-only: exercises nss_wrapper.
    const mode = target.passwd === 'writable' ? 0o664 : 0o444;
    chmodSync(passwd, mode);
    chmodSync(group, mode);
    const keep = keptUnderTmp(self);
    const args = [
      ...namespaces.outer,
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
      String(keep.length),
      ...keep.flatMap((dir) => [dir, dir.slice('/tmp/'.length)]),
      ...namespaces.inner,
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
