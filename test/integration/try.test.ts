// try reproduces an arbitrary UID, GID and groups, as root and as ordinary users (with and without
// subordinate IDs), from an install anywhere, /tmp included; the host's files never change.
import { execa } from 'execa';
import { chmodSync, closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, usualNode } from '../helpers/sandbox.js';

const node = usualNode();
/** nobody: no subordinate IDs. */
const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
/**
 * An ordinary user with subordinate IDs, as useradd gives one, in a mount namespace of its own:
 * private copies of /etc/passwd, /etc/subuid and /etc/subgid name it, so the host's stay as they
 * are (newuidmap and newgidmap read them there).
 */
const withSubids = (): string[] => {
  const dir = mkdtempSync('/var/tmp/uid-entrypoint-subids-');
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'passwd'), `${readFileSync('/etc/passwd', 'utf8')}uetry:x:64999:64999::/:/bin/sh\n`);
  writeFileSync(join(dir, 'subid'), 'uetry:300000:65536\n');
  for (const file of ['/etc/subuid', '/etc/subgid']) closeSync(openSync(file, 'a'));
  const mounts = `mount --bind ${dir}/passwd /etc/passwd && mount --bind ${dir}/subid /etc/subuid && mount --bind ${dir}/subid /etc/subgid && exec "$@"`;
  return [
    'unshare',
    '--mount',
    'sh',
    '-c',
    mounts,
    'sh',
    'setpriv',
    '--reuid=64999',
    '--regid=64999',
    '--clear-groups',
  ];
};

/** try through `bin` and `cli`, as `prefix` (setpriv to another user) would run it. */
const tryAs =
  (prefix: string[], bin = node.bin, cli = cliPath()) =>
  (args: string[]) =>
    execa(prefix[0] ?? bin, [...prefix.slice(1), ...(prefix.length ? [bin] : []), cli, 'try', ...args], {
      reject: false,
      stdin: 'ignore',
      cwd: '/',
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root' },
      extendEnv: false,
    });

const CHECK = 'id -u; id -g; whoami; id -Gn; cat /proc/1/comm; echo "$HOME"';

describe.each([
  ['as root', []],
  ['as an ordinary user (65534, no subordinate IDs)', AS_NOBODY],
])('try %s', (_label, prefix) => {
  const run = tryAs(prefix);

  it('--uid 10000 (default GID 0, writable passwd): id and whoami inside, PID 1 tini; host files unchanged', async () => {
    const before = [readFileSync('/etc/passwd', 'utf8'), readFileSync('/etc/group', 'utf8')];
    const result = await run(['--uid', '10000', '--', 'sh', '-c', CHECK]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('10000\n0\ndefault\nroot\ntini\n/tmp/uid-entrypoint-home-10000');
    expect(result.stderr).toContain('added to /etc/passwd');
    expect([readFileSync('/etc/passwd', 'utf8'), readFileSync('/etc/group', 'utf8')]).toEqual(before);
  });

  it('--uid 1000680000 --passwd read-only: nss_wrapper in LD_PRELOAD and a name', async () => {
    const result = await run([
      '--uid',
      '1000680000',
      '--passwd',
      'read-only',
      '--name',
      'app',
      '--',
      'sh',
      '-c',
      'echo "$LD_PRELOAD"; whoami; id -u',
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('/usr/lib/x86_64-linux-gnu/libnss_wrapper.so\napp\n1000680000');
  });

  it("passes COMMAND's exit code through, and a bad option is 64 before anything runs", async () => {
    expect((await run(['--', 'sh', '-c', 'exit 7'])).exitCode).toBe(7);
    const bad = await run(['--uid', 'x', '--', 'true']);
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toContain('invalid --uid "x": must be a whole number from 0 to 4294967294');
  });
});

describe('try --groups: supplementary GIDs, as fsGroup and supplementalGroups give them', () => {
  it.each([
    ['as root, any GIDs', () => []],
    ['as an ordinary user with subordinate IDs', withSubids],
  ])("%s: OpenShift's UID with its fsGroup, each group named", async (_label, prefix) => {
    for (const passwd of ['writable', 'read-only']) {
      const result = await tryAs(prefix())([
        '--uid',
        '1000680000',
        '--groups',
        '1000680000',
        '--passwd',
        passwd,
        '--',
        'sh',
        '-c',
        'id; groups; python3 -c "import grp, os; print(sorted(grp.getgrgid(g).gr_name for g in os.getgroups()))"',
      ]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout.split('\n')).toEqual([
        'uid=1000680000(default) gid=0(root) groups=0(root),1000680000(default)',
        'root default',
        "['default']",
      ]);
    }
  });

  it('as root: several groups, the primary GID unnamed too', async () => {
    const result = await tryAs([])(['--uid', '10000', '--gid', '10000', '--groups', '5000,7000', '--', 'id']);
    expect(result.stdout).toBe(
      'uid=10000(default) gid=10000(default) groups=10000(default),5000(group-5000),7000(group-7000)',
    );
  });

  it('as an ordinary user without subordinate IDs: a clear refusal, exit 64', async () => {
    const result = await tryAs(AS_NOBODY)(['--groups', '1000680000', '--', 'id']);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toContain('try --groups as an ordinary user needs subordinate IDs for nobody');
  });
});

describe('try from an install under /tmp, where newcomers clone', () => {
  const dir = mkdtempSync('/tmp/uid-entrypoint-try-install-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['as root', []],
    ['as an ordinary user', AS_NOBODY],
  ])('%s: its files and its Node stay visible under the private /tmp', async (_label, prefix) => {
    const installed = join(cliPath(), '../..');
    const copy = join(dir, prefix.length ? 'user' : 'root');
    cpSync(installed, copy, { recursive: true });
    cpSync(node.bin, join(copy, 'node'));
    await execa('chmod', ['-R', 'a+rX', dir]);
    const result = await tryAs(prefix, join(copy, 'node'), join(copy, 'bin/uid-entrypoint.cjs'))(['--', 'whoami']);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'default' });
  });
});
