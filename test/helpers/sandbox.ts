// Runs the installed CLI as an arbitrary UID, as PID 1 of a new PID namespace, with private
// copies of /etc/passwd and /etc/group bind-mounted over the real ones (root only, as in CI).
import { execa } from 'execa';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { NODE_LINES, type NodeLine } from './nodes.js';

export interface NodeUnderTest {
  label: string;
  line: NodeLine;
  /** The Node binary. */
  bin: string;
  /** The CLI script it runs: the install with the addon, or the one without. */
  cli: string;
  /** How it execs COMMAND, as its debug log says: through the addon, or through process.execve. */
  via: 'the addon' | 'process.execve';
}

/** The installed CLI script, as npm install -g laid it out, with the addon (native/). */
export const cliPath = (): string =>
  join(inject('installRoot'), 'prefix/lib/node_modules/uid-entrypoint/bin/uid-entrypoint.cjs');

/**
 * The installed command as a container's ENTRYPOINT runs it: the file itself, which /bin/sh starts
 * (bin/uid-entrypoint.cjs), with the Node of `node.line` first on PATH.
 */
export const launcher = (node: NodeUnderTest): { path: string; PATH: string } => ({
  path: node.cli,
  PATH: `${nodePathDir(node.line)}:/usr/local/bin:/usr/bin:/bin`,
});

/** The same install without the addon, as a build on a machine without a C compiler leaves it. */
export const plainCliPath = (): string => join(inject('installRoot'), 'plain/bin/uid-entrypoint.cjs');

/** The binary of a supported Node line, as global-setup.ts copied it. */
export const nodeBin = (line: NodeLine): string => join(inject('installRoot'), `node${line}`);

/** A directory whose `node` is the binary of `line`, to put first on PATH. */
export const nodePathDir = (line: NodeLine): string => join(inject('installRoot'), `path${line}`);

/** Every supported Node line, each with the addon and without it (then process.execve execs). */
export function nodes(): NodeUnderTest[] {
  return NODE_LINES.flatMap((line): NodeUnderTest[] => [
    { label: `node ${line}, addon`, line, bin: nodeBin(line), cli: cliPath(), via: 'the addon' },
    { label: `node ${line}, no addon`, line, bin: nodeBin(line), cli: plainCliPath(), via: 'process.execve' },
  ]);
}

/** The usual install: the project's own Node 24, with the addon. For tests that need one Node. */
export const usualNode = (): NodeUnderTest => ({
  label: 'node 24, addon',
  line: '24',
  bin: nodeBin('24'),
  cli: cliPath(),
  via: 'the addon',
});

export interface Etc {
  dir: string;
  passwd: string;
  group: string;
  read(): { passwd: string; group: string };
}

/**
 * A fresh directory for a test's files, named `prefix`-XXXXXX: under the install root, which
 * global-setup.ts removes after the run, and not under /tmp, which each sandbox hides behind a tmpfs.
 */
export const scratchDir = (prefix: string): string => mkdtempSync(join(inject('installRoot'), `${prefix}-`));

/**
 * Private passwd and group files (copies of the host's unless given: text as UTF-8, a Buffer as
 * its bytes), with `mode`, in a dir all can reach.
 */
export function makeEtc(mode: number, content?: { passwd?: string | Buffer; group?: string | Buffer }): Etc {
  const dir = scratchDir('etc');
  chmodSync(dir, 0o755);
  const passwd = join(dir, 'passwd');
  const group = join(dir, 'group');
  if (content?.passwd !== undefined) writeFileSync(passwd, content.passwd);
  else copyFileSync('/etc/passwd', passwd);
  if (content?.group !== undefined) writeFileSync(group, content.group);
  else copyFileSync('/etc/group', group);
  chmodSync(passwd, mode);
  chmodSync(group, mode);
  return {
    dir,
    passwd,
    group,
    read: () => ({ passwd: readFileSync(passwd, 'utf8'), group: readFileSync(group, 'utf8') }),
  };
}

/** `count` passwd lines, user0 on with UIDs and GIDs from 20000, each with its line break: a large passwd's filler. */
export const fillerUsers = (count: number): string =>
  Array.from(
    { length: count },
    (_, i) => `user${i}:x:${20000 + i}:${20000 + i}:User ${i}:/home/user${i}:/bin/sh\n`,
  ).join('');

export interface SandboxOptions {
  etc: Etc;
  uid?: number;
  gid?: number;
  /** Supplementary GIDs, as Kubernetes' fsGroup and supplementalGroups give them. */
  groups?: number[];
  env?: Record<string, string>;
  /** An /etc/nsswitch.conf to mount over the host's (whose passwd line is `files systemd`). */
  nsswitch?: string;
  /** /etc/passwd on a read-only mount, as under Kubernetes' readOnlyRootFilesystem. */
  readOnlyPasswd?: boolean;
  /** Files bind-mounted over others ([source, target]), as an image would have them. */
  binds?: [string, string][];
  /** argv after the binary, e.g. ['node', cli, '--', 'whoami']. */
  argv: string[];
  /** What the sandbox reads on stdin (none when undefined). */
  input?: string;
  timeout?: number;
}

// A private /tmp as well, as a container has: nothing leaks between tests through the host's /tmp.
const MOUNT =
  'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && mount -t tmpfs -o mode=1777 tmpfs /tmp && shift 2 && exec "$@"';
const MOUNT_NSSWITCH = 'mount --bind "$1" /etc/nsswitch.conf && shift && exec "$@"';
const REMOUNT_PASSWD_RO = 'mount -o remount,bind,ro /etc/passwd && exec "$@"';
const BIND = 'mount --bind "$1" "$2" && shift 2 && exec "$@"';

export interface Ran {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

/** Runs argv inside the sandbox; never rejects on exit codes. */
export async function sandbox(options: SandboxOptions): Promise<Ran> {
  const {
    etc,
    uid = 10000,
    gid = 0,
    groups = [],
    env = {},
    nsswitch,
    readOnlyPasswd = false,
    binds = [],
    argv,
    input,
    timeout = 30_000,
  } = options;
  const envArgs = Object.entries({ PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/', ...env }).map(
    ([k, v]) => `${k}=${v}`,
  );
  const nsswitchArgs: string[] = [];
  if (nsswitch !== undefined) {
    const file = join(etc.dir, 'nsswitch.conf');
    writeFileSync(file, nsswitch);
    nsswitchArgs.push('sh', '-c', MOUNT_NSSWITCH, 'sh', file);
  }
  const remountArgs = readOnlyPasswd ? ['sh', '-c', REMOUNT_PASSWD_RO, 'sh'] : [];
  const result = await execa(
    'unshare',
    [
      '--mount',
      '--pid',
      '--fork',
      '--mount-proc',
      'sh',
      '-c',
      MOUNT,
      'sh',
      etc.passwd,
      etc.group,
      ...nsswitchArgs,
      ...remountArgs,
      'env',
      '-i',
      ...envArgs,
      // After env -i: a bind may be over /usr/bin/env itself.
      ...binds.flatMap(([source, target]) => ['sh', '-c', BIND, 'sh', source, target]),
      'setpriv',
      `--reuid=${uid}`,
      `--regid=${gid}`,
      groups.length > 0 ? `--groups=${groups.join(',')}` : '--clear-groups',
      ...argv,
    ],
    // cwd /: the caller's directory may be under /tmp, which the sandbox hides behind its tmpfs.
    { reject: false, timeout, cwd: '/', ...(input === undefined ? { stdin: 'ignore' } : { input }) },
  );
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

/** A sh script that prints what a user checks, one `key=value` a line. */
export const IDENTITY_SCRIPT = [
  'echo "whoami=$(whoami 2>&1)"',
  'echo "idun=$(id -un 2>&1)"',
  'echo "idgn=$(id -gn 2>&1)"',
  'g=$(id -Gn 2>&1); s=$?; echo "idGn=$g"; echo "idGnexit=$s"',
  'echo "groups=$(groups 2>&1)"',
  'echo "getent=$(getent passwd $(id -u))"',
  'echo "python=$(/usr/bin/python3 -c \'import getpass, pwd, os; e = pwd.getpwuid(os.getuid()); print(getpass.getuser(), e.pw_name, e.pw_dir)\' 2>&1)"',
  'echo "HOME=$HOME"',
  'echo "homemode=$(stat -c %a "$HOME")"',
  'echo "sigign=$(sed -n "s/^SigIgn:\t//p" /proc/$$/status)"',
  'echo "sigblk=$(sed -n "s/^SigBlk:\t//p" /proc/$$/status)"',
  'echo "USER=$USER"',
  'echo "LOGNAME=$LOGNAME"',
  'echo "LD_PRELOAD=$LD_PRELOAD"',
  'echo "pid1=$(cat /proc/1/comm)"',
  'echo "comms=$(cat /proc/[0-9]*/comm | sort | tr "\\n" " ")"',
  'touch "$HOME/.written" && echo "homewritable=yes"',
].join('\n');

/** Parses `key=value` lines. */
export function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
