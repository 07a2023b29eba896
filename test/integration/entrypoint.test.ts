// The built and installed CLI as UID 10000 and 1000680000, PID 1 of a new PID namespace,
// checked with the programs a user runs: whoami, id, getent, python3's getpass and pwd.
import { chownSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cliPath,
  fillerUsers,
  IDENTITY_SCRIPT,
  keyValues,
  makeEtc,
  nodes,
  sandbox,
  usualNode,
} from '../helpers/sandbox.js';
import { LARGE_PASSWD } from '../../src/identity.js';

const NSS_LIB = '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so';
/** HOME where nothing better exists: a private directory of the UID in the temp dir. */
const home = (uid: number): string => `/tmp/uid-entrypoint-home-${uid}`;

describe.each(nodes())('$label', (node) => {
  const cli = (...args: string[]): string[] => [node.bin, node.cli, ...args];

  it('passwd mode (0664): appends exactly one line, and every tool then names the UID', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const result = await sandbox({ etc, argv: cli('--', 'sh', '-c', IDENTITY_SCRIPT) });
    expect(result.exitCode).toBe(0);
    const seen = keyValues(result.stdout);
    expect(seen).toMatchObject({
      whoami: 'default',
      idun: 'default',
      idgn: 'root',
      getent: `default:x:10000:0:default:${home(10000)}:/bin/sh`,
      python: `default default ${home(10000)}`,
      HOME: home(10000),
      homemode: '700',
      USER: 'default',
      LOGNAME: 'default',
      LD_PRELOAD: '',
      homewritable: 'yes',
    });
    const after = etc.read();
    expect(after.passwd).toBe(`${before.passwd}default:x:10000:0:default:${home(10000)}:/bin/sh\n`);
    expect(after.group).toBe(before.group);
    expect(result.stderr).toBe(`uid-entrypoint: UID 10000 is now default: added to /etc/passwd; HOME=${home(10000)}`);
    // Replaced by tini, which runs COMMAND: no Node process is left.
    expect(seen.pid1).toBe('tini');
    expect(seen.comms?.split(' ')).not.toContain('node');
  });

  it('nss-wrapper mode (0644): OpenShift-style UID gets a name, the files stay byte-for-byte', async () => {
    const etc = makeEtc(0o644);
    const before = etc.read();
    const result = await sandbox({
      etc,
      uid: 1000680000,
      gid: 0,
      env: { LD_PRELOAD: '/lib/x86_64-linux-gnu/libc.so.6' },
      argv: cli('--', 'sh', '-c', IDENTITY_SCRIPT),
    });
    expect(result.exitCode).toBe(0);
    const seen = keyValues(result.stdout);
    expect(seen).toMatchObject({
      whoami: 'default',
      idun: 'default',
      idgn: 'root',
      getent: `default:x:1000680000:0:default:${home(1000680000)}:/bin/sh`,
      python: `default default ${home(1000680000)}`,
      HOME: home(1000680000),
      USER: 'default',
      LD_PRELOAD: `${NSS_LIB} /lib/x86_64-linux-gnu/libc.so.6`,
      pid1: 'tini',
    });
    expect(etc.read()).toEqual(before);
    expect(result.stderr).toMatch(
      /^uid-entrypoint: UID 1000680000 is now default: nss_wrapper files in \/tmp\/uid-entrypoint-\w{6}; HOME=\/tmp\/uid-entrypoint-home-1000680000$/,
    );
  });

  it('-u 10000:10000 gets a group name too (GID 10000 cannot write the root-group passwd: nss_wrapper)', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const result = await sandbox({
      etc,
      uid: 10000,
      gid: 10000,
      env: { USER: 'app' },
      argv: cli('--', 'sh', '-c', IDENTITY_SCRIPT),
    });
    expect(result.exitCode).toBe(0);
    expect(keyValues(result.stdout)).toMatchObject({
      whoami: 'app',
      idun: 'app',
      idgn: 'app',
      getent: `app:x:10000:10000:app:${home(10000)}:/bin/sh`,
    });
    expect(etc.read()).toEqual(before);
  });

  it('-u 10000:10000 with a group-writable passwd and group owned by GID 10000: both lines appended', async () => {
    const etc = makeEtc(0o664);
    chownSync(etc.passwd, 0, 10000);
    chownSync(etc.group, 0, 10000);
    const before = etc.read();
    const result = await sandbox({
      etc,
      uid: 10000,
      gid: 10000,
      env: { USER: 'app' },
      argv: cli('--', 'sh', '-c', IDENTITY_SCRIPT),
    });
    expect(keyValues(result.stdout)).toMatchObject({ whoami: 'app', idgn: 'app', LD_PRELOAD: '' });
    expect(etc.read()).toEqual({
      passwd: `${before.passwd}app:x:10000:10000:app:${home(10000)}:/bin/sh\n`,
      group: `${before.group}app:x:10000:\n`,
    });
  });

  it.each([
    ['passwd', 0o664],
    ['nss-wrapper', 0o644],
  ])(
    '%s mode: an inherited USER=root and HOME=app do not stop the start; the UID is named default',
    async (_mode, mode) => {
      const etc = makeEtc(mode);
      const before = etc.read();
      const result = await sandbox({
        etc,
        env: { USER: 'root', HOME: 'app' },
        argv: cli('--', 'sh', '-c', IDENTITY_SCRIPT),
      });
      expect(result.exitCode).toBe(0);
      expect(keyValues(result.stdout)).toMatchObject({
        whoami: 'default',
        python: `default default ${home(10000)}`,
        USER: 'default',
        LOGNAME: 'default',
        HOME: home(10000),
        homemode: '700',
      });
      expect(result.stderr).toContain(
        '$USER "root" belongs to UID 0, which is never displaced: UID 10000 is named default',
      );
      expect(result.stderr).toContain(`$HOME "app" is not an absolute path`);
      const line = `default:x:10000:0:default:${home(10000)}:/bin/sh\n`;
      expect(etc.read()).toEqual(mode === 0o664 ? { ...before, passwd: `${before.passwd}${line}` } : before);
    },
  );

  it('an inherited USER that is no login name (first.last): named default, exit 0', async () => {
    const etc = makeEtc(0o664);
    const result = await sandbox({
      etc,
      env: { USER: 'first.last' },
      argv: cli('--', 'sh', '-c', 'whoami; echo "$USER"'),
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'default\ndefault' });
    expect(result.stderr).toContain('$USER "first.last" is not a portable login name');
  });

  it('a restart, with the entry already there, adds nothing and says nothing', async () => {
    const etc = makeEtc(0o664);
    await sandbox({ etc, argv: cli('--', 'true') });
    const once = etc.read();
    const again = await sandbox({ etc, argv: cli('--', 'whoami') });
    expect(again).toMatchObject({ exitCode: 0, stdout: 'default', stderr: '' });
    expect(etc.read()).toEqual(once);
  });

  it('a UID that already has an entry leaves the files untouched and sets USER, LOGNAME, HOME', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const result = await sandbox({
      etc,
      uid: 65534,
      gid: 65534,
      argv: cli('--', 'sh', '-c', 'echo "$USER $LOGNAME $HOME"'),
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: `nobody nobody ${home(65534)}`, stderr: '' });
    expect(etc.read()).toEqual(before);
  });

  it("passes COMMAND's exit code through", async () => {
    const result = await sandbox({ etc: makeEtc(0o644), argv: cli('--', 'sh', '-c', 'exit 42') });
    expect(result.exitCode).toBe(42);
  });

  it('not PID 1: COMMAND gets its argv as given, argv[0] included (busybox dispatches on it)', async () => {
    const script = 'tr "\\0" " " < /proc/$$/cmdline';
    const result = await sandbox({
      etc: makeEtc(0o644),
      argv: ['sh', '-c', '"$@"', 'sh', ...cli('--log-level', 'warn', '--', 'sh', '-c', script, 'zero', 'one two')],
    });
    expect(result.stdout).toBe(`sh -c ${script} zero one two `);
  });

  it("COMMAND reads the entrypoint's stdin and writes to its stdout and stderr", async () => {
    const result = await sandbox({
      etc: makeEtc(0o644),
      input: 'first\nsecond\n',
      argv: cli('--log-level', 'warn', '--', 'sh', '-c', 'read a; read b; echo "$b $a"; echo to-stderr >&2'),
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'second first', stderr: 'to-stderr' });
  });

  it('says in its debug log how it runs COMMAND: through the addon wherever the install has it', async () => {
    const result = await sandbox({
      etc: makeEtc(0o644),
      argv: cli('--log-level', 'debug', '--', 'sh', '-c', 'echo ran'),
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ran' });
    const line = result.stderr.split('\n').at(-1) ?? '';
    expect(line).toMatch(/^uid-entrypoint: debug: exec \[.*"\/usr\/bin\/sh","-c","echo ran"\] /);
    expect(line.slice(line.lastIndexOf('] ') + 2)).toBe(`through ${node.via}`);
  });

  it('COMMAND runs in the working directory the entrypoint was started in (WORKDIR, -w)', async () => {
    const result = await sandbox({
      etc: makeEtc(0o644),
      argv: ['sh', '-c', 'cd /usr/share && exec "$@"', 'sh', ...cli('--log-level', 'warn', '--', 'pwd')],
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: '/usr/share' });
  });

  it('127 for a command not found, 126 for one not executable, with one line each', async () => {
    const etc = makeEtc(0o644);
    const missing = await sandbox({ etc, argv: cli('--log-level', 'warn', '--', 'no-such-command-here') });
    expect(missing).toMatchObject({ exitCode: 127, stderr: 'uid-entrypoint: no-such-command-here: command not found' });
    const denied = await sandbox({
      etc,
      argv: [
        'sh',
        '-c',
        'echo "#!/bin/sh" > /tmp/script && exec "$@"',
        'sh',
        ...cli('--log-level', 'warn', '--', '/tmp/script'),
      ],
    });
    expect(denied).toMatchObject({ exitCode: 126, stderr: 'uid-entrypoint: /tmp/script: not an executable file' });
  });

  it('126 and one line for a script whose interpreter is missing or has a Windows line end, before any exec', async () => {
    const etc = makeEtc(0o644);
    // Not PID 1, so COMMAND is exec'd directly (no tini): Node 22.15-24 abort when that execve fails.
    const run = (script: string) =>
      sandbox({
        etc,
        argv: [
          'sh',
          '-c',
          `printf '${script}' > /tmp/app && chmod 755 /tmp/app && "$@"; echo "exit=$?"`,
          'sh',
          ...cli('--log-level', 'warn', '--', '/tmp/app'),
        ],
      });
    const crlf = await run('#!/bin/sh\\r\\necho hi\\r\\n');
    expect(crlf.stdout).toBe('exit=126');
    expect(crlf.stderr).toBe(
      'uid-entrypoint: /tmp/app: bad interpreter "/bin/sh\\r": no such file (the script has Windows line endings: convert it with dos2unix or sed -i "s/\\r$//")',
    );
    const missing = await run('#!/usr/bin/no-such-interpreter\\necho hi\\n');
    expect(missing).toMatchObject({
      stdout: 'exit=126',
      stderr: 'uid-entrypoint: /tmp/app: bad interpreter "/usr/bin/no-such-interpreter": no such file',
    });
  });

  // A file the kernel will not run (no #!, not ELF) gets past every check before the exec: the addon
  // reports it, and so does process.execve after Node 24. Node 22.15-24's process.execve aborts Node
  // then (exit 134), so those are left out.
  if (node.via === 'the addon' || node.line === '26') {
    it('126 and one line when the kernel refuses to run COMMAND (ENOEXEC), not PID 1', async () => {
      const result = await sandbox({
        etc: makeEtc(0o644),
        argv: [
          'sh',
          '-c',
          `printf 'hello\\n' > /tmp/app && chmod 755 /tmp/app && "$@"; echo "exit=$?"`,
          'sh',
          ...cli('--log-level', 'warn', '--', '/tmp/app'),
        ],
      });
      expect(result).toMatchObject({ stdout: 'exit=126', stderr: 'uid-entrypoint: cannot run /tmp/app: ENOEXEC' });
    });
  }

  it('not PID 1: a SIGTERM to the entrypoint reaches COMMAND, whose exit code comes back', async () => {
    const etc = makeEtc(0o644);
    const app = 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.05; done';
    // The entrypoint runs in the background of a shell (so not as PID 1, where tini takes over).
    const script = [
      `"$@" -- sh -c '${app}' > /tmp/out &`,
      'pid=$!',
      'until grep -q ready /tmp/out 2>/dev/null; do sleep 0.05; done',
      'kill -TERM $pid',
      'wait $pid',
      'echo "exit=$?"',
      'cat /tmp/out',
    ].join('\n');
    const result = await sandbox({ etc, argv: ['sh', '-c', script, 'sh', ...cli('--log-level', 'warn')] });
    expect(result.stdout.split('\n')).toEqual(['exit=7', 'ready', 'got TERM']);
  });

  it('not PID 1: when COMMAND dies of a signal, the entrypoint reports it as 128 + N', async () => {
    const etc = makeEtc(0o644);
    const result = await sandbox({
      etc,
      argv: [
        'sh',
        '-c',
        '"$@"; echo "exit=$?"',
        'sh',
        ...cli('--log-level', 'warn', '--', 'sh', '-c', 'kill -TERM $$'),
      ],
    });
    expect(result.stdout).toBe('exit=143');
  });

  it.each([
    [
      'a newline',
      ['--name', 'evil\nroot::0:0::/root:/bin/sh'],
      /invalid --name "evil\\nroot::0:0::\/root:\/bin\/sh": must be a portable login name/,
    ],
    ['a colon', ['--name', 'a:b'], /invalid --name "a:b": must be a portable login name/],
    [
      'a newline in --home',
      ['--home', '/tmp\nx:x:0:0::/:/bin/sh'],
      /invalid --home "\/tmp\\nx:x:0:0::\/:\/bin\/sh": must be an absolute path without ':'/,
    ],
  ])('refuses a hostile value (%s) with 64 and changes nothing', async (_label, flags, message) => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const result = await sandbox({ etc, argv: cli(...flags, '--', 'whoami') });
    expect(result.exitCode).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(etc.read()).toEqual(before);
  });
});

// A large passwd file is searched for the UID only when the C library may not have done so itself
// (src/run.ts, src/nsswitch.ts): these are the cases where it did not, and the file has the UID.
describe('the C library did not read a large /etc/passwd, which has the UID: found there, nothing added', () => {
  const node = usualNode();
  const filler = fillerUsers(6000);
  const passwd = `root:x:0:0:root:/root:/bin/bash\n${filler}app:x:10000:0:app:/home/app:/bin/sh\n`;

  it("is large enough for the C library's search to count", () => {
    expect(passwd.length).toBeGreaterThanOrEqual(LARGE_PASSWD);
  });

  it("nsswitch.conf's passwd line does not start with files", async () => {
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const result = await sandbox({
      etc,
      nsswitch: 'passwd: systemd\ngroup: files\n',
      argv: [node.bin, cliPath(), '--', 'sh', '-c', 'echo "$USER $HOME"'],
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: `app ${home(10000)}` });
    expect(etc.read().passwd).toBe(passwd);
  });

  it('an inherited nss_wrapper environment answers in its place: its files are the source, and COMMAND gets a name through a copy of them', async () => {
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const wrapped = `${etc.dir}/wrapped-passwd`;
    writeFileSync(wrapped, 'root:x:0:0:root:/root:/bin/bash\n');
    const env = { LD_PRELOAD: NSS_LIB, NSS_WRAPPER_PASSWD: wrapped, NSS_WRAPPER_GROUP: etc.group };
    const result = await sandbox({
      etc,
      env,
      argv: [node.bin, cliPath(), '--', 'sh', '-c', 'echo "$(whoami) $USER $HOME"; getent passwd root'],
    });
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: `default default ${home(10000)}\nroot:x:0:0:root:/root:/bin/bash`,
    });
    expect(etc.read().passwd).toBe(passwd);
  });
});
