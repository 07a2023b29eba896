// What real pods and images bring, on every supported Node with and without the addon: the GIDs
// Kubernetes adds, a runtime's placeholder entry, the app's NODE_OPTIONS, the signals COMMAND
// starts with, a SIGTERM during start-up, and an nss_wrapper environment left from an older recipe.
import { execa } from 'execa';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTITY_SCRIPT, keyValues, launcher, makeEtc, nodes, sandbox, usualNode } from '../helpers/sandbox.js';

const NSS_LIB = '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so';
const home = (uid: number): string => `/tmp/uid-entrypoint-home-${uid}`;
const PYTHON_GROUPS =
  "python3 -c 'import grp, os; print(sorted(grp.getgrgid(g).gr_name for g in os.getgroups()))' 2>&1";

describe.each(nodes())('$label', (node) => {
  const cli = (...args: string[]): string[] => [node.bin, node.cli, ...args];

  describe("Kubernetes' fsGroup and supplementalGroups: every GID the process holds gets a name", () => {
    it.each([
      ['passwd', 0o664],
      ['nss-wrapper', 0o644],
    ])('%s mode', async (mode, fileMode) => {
      const etc = makeEtc(fileMode);
      const result = await sandbox({
        etc,
        uid: 1000680000,
        gid: 0,
        groups: [1000680000, 5000],
        argv: cli('--', 'sh', '-c', `${IDENTITY_SCRIPT}\necho "python=$(${PYTHON_GROUPS})"`),
      });
      expect(result.exitCode).toBe(0);
      expect(keyValues(result.stdout)).toMatchObject({
        whoami: 'default',
        idGn: 'root group-5000 default',
        idGnexit: '0',
        groups: 'root group-5000 default',
        python: "['default', 'group-5000']",
      });
      const named = 'GID 5000 is now group-5000, GID 1000680000 is now default';
      expect(result.stderr).toContain(`UID 1000680000 is now default, ${named}`);
      expect(result.stderr).toContain(
        mode === 'passwd' ? 'added to /etc/passwd and /etc/group' : 'nss_wrapper files in',
      );
      if (mode === 'passwd') expect(etc.read().group).toMatch(/\ngroup-5000:x:5000:\ndefault:x:1000680000:\n$/);
    });
  });

  describe("a runtime's placeholder entry gives way to the planned identity; a real name is kept", () => {
    const CHECK = [
      'echo "whoami=$(whoami)"',
      'echo "getent=$(getent passwd $(id -u))"',
      `echo "getpass=$(python3 -c 'import getpass; print(getpass.getuser())')"`,
      `echo "byname=$(python3 -c 'import pwd; print(pwd.getpwnam("1000680000").pw_uid)' 2>&1)"`,
      'echo "USER=$USER"',
      'echo "HOME=$HOME"',
    ].join('\n');
    const PODMAN = '1000680000:*:1000680000:0:container user:/app:/bin/sh\n';
    const CRIO = '1000680000:x:1000680000:0:1000680000 user:/:/sbin/nologin\n';

    it.each([
      ['podman', PODMAN, 0o644],
      ['CRI-O', CRIO, 0o644],
      ['CRI-O, in a group-writable passwd', CRIO, 0o664],
    ])(
      "%s's: the configured name, HOME and shell through nss_wrapper; the runtime's file untouched",
      async (_label, line, fileMode) => {
        const etc = makeEtc(fileMode, { passwd: `${readFileSync('/etc/passwd', 'utf8')}${line}` });
        const before = etc.read();
        const result = await sandbox({ etc, uid: 1000680000, argv: cli('--', 'sh', '-c', CHECK) });
        expect(result.exitCode).toBe(0);
        expect(keyValues(result.stdout)).toEqual({
          whoami: 'default',
          getent: `default:x:1000680000:0:default:${home(1000680000)}:/bin/sh`,
          getpass: 'default',
          // The runtime's name still resolves, to the same UID.
          byname: '1000680000',
          USER: 'default',
          HOME: home(1000680000),
        });
        expect(result.stderr).toMatch(
          /UID 1000680000 is now default \(the runtime's entry named it 1000680000\): nss_wrapper files in/,
        );
        expect(etc.read()).toEqual(before);
      },
    );

    it('without nss_wrapper the placeholder stays, and USER says what whoami says', async () => {
      const etc = makeEtc(0o644, { passwd: `${readFileSync('/etc/passwd', 'utf8')}${CRIO}` });
      const result = await sandbox({
        etc,
        uid: 1000680000,
        env: { UID_ENTRYPOINT_NSS_WRAPPER_LIB: '/nonexistent/libnss_wrapper.so' },
        argv: cli('--', 'sh', '-c', 'echo "$(whoami) $USER"'),
      });
      expect(result).toMatchObject({ exitCode: 0, stdout: '1000680000 1000680000' });
      expect(result.stderr).toContain(
        "UID 1000680000 keeps the runtime's entry, named 1000680000: libnss_wrapper.so was not found",
      );
    });

    it("an entry with a real name is the image's own: kept, nothing written", async () => {
      const etc = makeEtc(0o664, {
        passwd: `${readFileSync('/etc/passwd', 'utf8')}app:x:1000680000:0::/home/app:/bin/bash\n`,
      });
      const before = etc.read();
      const result = await sandbox({
        etc,
        uid: 1000680000,
        argv: cli('--', 'sh', '-c', 'echo "$(whoami) $USER $LD_PRELOAD"'),
      });
      expect(result).toMatchObject({ exitCode: 0, stdout: 'app app ', stderr: '' });
      expect(etc.read()).toEqual(before);
    });
  });

  describe('the signals COMMAND starts with', () => {
    // The caller blocks SIGUSR2 (bit 12), as some supervisors leave a mask; the kernel runs the
    // installed file (its sh part reads the mask), as a container's ENTRYPOINT does.
    const blockUsr2 = `import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2}); os.execv(sys.argv[1], sys.argv[1:])`;

    it("every signal at its default action (Node ignores SIGPIPE and SIGXFSZ), and the caller's mask where the addon execs", async () => {
      const { path, PATH } = launcher(node);
      const result = await sandbox({
        etc: makeEtc(0o644),
        env: { PATH },
        argv: ['python3', '-c', blockUsr2, path, '--log-level', 'warn', '--', 'sh', '-c', IDENTITY_SCRIPT],
      });
      expect(result.exitCode).toBe(0);
      const seen = keyValues(result.stdout);
      expect(seen.sigign).toBe('0000000000000000');
      // Without the addon, GNU env (/usr/bin/env here) blocks it: process.execve would leave Node's mask.
      expect(seen.sigblk).toBe('0000000000000800');
      expect(result.stderr).toBe('');
    });

    it("without GNU env, the no-addon path says that the caller's mask is lost, and starts COMMAND", async () => {
      const etc = makeEtc(0o644);
      const busybox = join(etc.dir, 'env');
      writeFileSync(busybox, '#!/bin/sh\necho "env: unrecognized option: $1" >&2\nexit 1\n');
      chmodSync(busybox, 0o755);
      const { path, PATH } = launcher(node);
      const result = await sandbox({
        etc,
        env: { PATH },
        binds: [[busybox, '/usr/bin/env']],
        argv: ['python3', '-c', blockUsr2, path, '--log-level', 'warn', '--', 'sh', '-c', IDENTITY_SCRIPT],
      });
      expect(result.exitCode).toBe(0);
      const seen = keyValues(result.stdout);
      expect(seen.whoami).toBe('default');
      if (node.via === 'the addon') {
        expect(seen.sigblk).toBe('0000000000000800');
        expect(result.stderr).toBe('');
      } else {
        expect(seen.sigblk).toBe('0000000000000000');
        expect(result.stderr).toBe(
          "uid-entrypoint: warn: the caller's blocked signals (12) cannot reach COMMAND, which starts with none blocked: this install has no addon, and /usr/bin/env is not GNU env",
        );
      }
    });
    it("under --permission without --allow-child-process, a caller's mask changes nothing: exit 126 and why", async () => {
      const result = await sandbox({
        etc: makeEtc(0o644),
        env: { UID_ENTRYPOINT_SIGMASK: '0000000000000800' },
        argv: [node.bin, '--permission', '--allow-fs-read=*', '--allow-fs-write=*', node.cli, '--', 'true'],
      });
      expect(result.exitCode).toBe(126);
      // tini (PID 1 here) is what would have run.
      expect(result.stderr).toContain(
        'uid-entrypoint: cannot run /usr/bin/tini: Node runs with --permission and without --allow-child-process',
      );
      expect(result.stderr).not.toMatch(/internal error|blocked signals/);
    });
  });

  describe("the app's NODE_OPTIONS belongs to the app", () => {
    it('a --require preload does not run in the entrypoint, and NODE_OPTIONS reaches COMMAND byte for byte', async () => {
      const etc = makeEtc(0o644);
      const mark = join(etc.dir, 'mark.cjs');
      const marks = join(etc.dir, 'marks');
      writeFileSync(marks, '');
      await execa('chmod', ['666', marks]);
      writeFileSync(
        mark,
        `require('node:fs').appendFileSync(${JSON.stringify(marks)}, process.argv.slice(1).join(' ') + '\\n');`,
      );
      const options = `--require ${mark} --title "two  words"`;
      const { path, PATH } = launcher(node);
      const result = await sandbox({
        etc,
        env: { PATH, NODE_OPTIONS: options, NODE_DEBUG: '' },
        argv: [
          path,
          '--',
          'sh',
          '-c',
          'printf "%s|" "$NODE_OPTIONS"; env | grep -E "^(NODE_DEBUG|UID_ENTRYPOINT_.*)=" | tr "\\n" "|"; node -e 0 app',
        ],
      });
      expect(result.exitCode).toBe(0);
      // NODE_DEBUG set and empty stays set and empty; the launcher's own variables are gone.
      expect(result.stdout).toBe(`${options}|NODE_DEBUG=|`);
      // One mark: COMMAND's Node, none from the entrypoint's.
      expect(readFileSync(marks, 'utf8')).toBe('app\n');
    });

    it('--inspect-brk in NODE_OPTIONS does not stop the start', async () => {
      const { path, PATH } = launcher(node);
      const result = await sandbox({
        etc: makeEtc(0o644),
        env: { PATH, NODE_OPTIONS: '--inspect-brk=127.0.0.1:0' },
        argv: [path, '--log-level', 'warn', '--', 'sh', '-c', 'echo "started: $NODE_OPTIONS"'],
        timeout: 20_000,
      });
      expect(result).toMatchObject({ exitCode: 0, stdout: 'started: --inspect-brk=127.0.0.1:0' });
    });
  });

  describe('an nss_wrapper environment from an older recipe', () => {
    it('that names files which are not there never hides a fix in /etc/passwd', async () => {
      const etc = makeEtc(0o664);
      const env = {
        LD_PRELOAD: NSS_LIB,
        NSS_WRAPPER_PASSWD: '/tmp/passwd.nss_wrapper',
        NSS_WRAPPER_GROUP: '/etc/group',
      };
      const result = await sandbox({
        etc,
        env,
        argv: cli('--', 'sh', '-c', 'echo "$(whoami) $(env | grep -c ^NSS_WRAPPER_)"'),
      });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('default 0');
      expect(result.stderr).toContain('added to /etc/passwd');
      expect(result.stderr).toContain('the inherited nss_wrapper files (NSS_WRAPPER_PASSWD=/tmp/passwd.nss_wrapper');
      expect(etc.read().passwd).toContain(`\ndefault:x:10000:0:default:${home(10000)}:/bin/sh\n`);
    });
  });
});

describe('a SIGTERM during start-up, against the recommended ENTRYPOINT (tini first)', () => {
  const node = usualNode();

  it('ends the container with 143 at once, 5 ms after start', async () => {
    const { path, PATH } = launcher(node);
    const etc = makeEtc(0o644);
    const start = Date.now();
    const running = execa(
      'unshare',
      [
        '--mount',
        '--pid',
        '--fork',
        '--mount-proc',
        'sh',
        '-c',
        'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec "$@"',
        'sh',
        etc.passwd,
        etc.group,
        'env',
        '-i',
        `PATH=${PATH}`,
        'HOME=/',
        'setpriv',
        '--reuid=10000',
        '--regid=0',
        '--clear-groups',
        'tini',
        '--',
        path,
        '--',
        'sleep',
        '100',
      ],
      { reject: false, cwd: '/' },
    );
    // PID 1 of the new namespace is unshare's child; the container starts when it is tini.
    const children = `/proc/${running.pid}/task/${running.pid}/children`;
    const comm = (pid: string): string => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    };
    let pid1 = '';
    while ((pid1 === '' || comm(pid1) !== 'tini') && Date.now() - start < 5000) {
      pid1 = readFileSync(children, 'utf8').trim();
    }
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // uid-entrypoint's Node is still starting under tini here.
    expect(comm(pid1)).toBe('tini');
    process.kill(Number(pid1), 'SIGTERM');
    const result = await running;
    expect(result.exitCode).toBe(143);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
