// Dockerfile.example built and run by podman on runc, in the shapes users meet: docker run -u,
// OpenShift's random UID with GID 0, a read-only root, the restricted security context.
// Always --passwd=false: otherwise podman writes the passwd entry itself and nothing is proven.
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const IMAGE = 'localhost/uid-entrypoint-example:latest';
const WRITABLE = 'localhost/uid-entrypoint-example:writable';
const env = { CONTAINERS_CONF: new URL('./containers.conf', import.meta.url).pathname };
const names: string[] = [];

const podman = async (...args: string[]) => {
  const r = await execa('podman', args, { env, reject: false, stdin: 'ignore' });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
};
const run = (flags: string[], image: string, ...cmd: string[]) =>
  podman('run', '--rm', '--passwd=false', ...flags, image, ...cmd);
const detached = async (flags: string[], image: string, ...cmd: string[]) => {
  const name = `uid-entrypoint-e2e-${process.pid}-${names.length}`;
  names.push(name);
  const r = await podman('run', '-d', '--name', name, '--passwd=false', ...flags, image, ...cmd);
  expect(r.exitCode).toBe(0);
  return name;
};

afterAll(async () => {
  if (names.length) await podman('rm', '-f', '-t', '0', ...names);
});

const CHECK = [
  'echo "whoami=$(whoami)"',
  'echo "idgn=$(id -gn)"',
  'echo "uid=$(id -u):$(id -g)"',
  'echo "python=$(python3 -c \'import getpass, os, pwd; print(getpass.getuser(), pwd.getpwuid(os.getuid()).pw_name)\')"',
  'echo "HOME=$HOME"',
  'touch "$HOME/.probe" && echo "homewritable=yes"',
  'echo "pid1=$(cat /proc/1/comm)"',
].join('; ');

const parse = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('Dockerfile.example (read-only /etc/passwd: nss_wrapper)', () => {
  it.each([
    ['-u 10000', ['-u', '10000'], '10000:0', 'root', '/home/app'],
    ['-u 1000680000:0 (OpenShift)', ['-u', '1000680000:0'], '1000680000:0', 'root', '/home/app'],
    ['-u 10000:10000', ['-u', '10000:10000'], '10000:10000', 'default', '/tmp'],
    ['--read-only --tmpfs /tmp -u 10000', ['--read-only', '--tmpfs', '/tmp', '-u', '10000'], '10000:0', 'root', '/tmp'],
    [
      'restricted: --cap-drop=ALL --security-opt no-new-privileges, read-only root, emptyDir-like HOME',
      [
        '--cap-drop=ALL',
        '--security-opt',
        'no-new-privileges',
        '--read-only',
        '--tmpfs',
        '/tmp',
        '--tmpfs',
        '/home/app:mode=1777',
        '-u',
        '1000680000:0',
      ],
      '1000680000:0',
      'root',
      '/home/app',
    ],
  ])('%s: whoami, id -gn, python agree; HOME writable; tini is PID 1', async (_label, flags, ids, group, home) => {
    const r = await run(flags, IMAGE, 'sh', '-c', CHECK);
    expect(r.exitCode).toBe(0);
    expect(parse(r.stdout)).toEqual({
      whoami: 'default',
      idgn: group,
      uid: ids,
      python: 'default default',
      HOME: home,
      homewritable: 'yes',
      pid1: 'tini',
    });
    expect(r.stderr).toContain('nss_wrapper files in /tmp/uid-entrypoint-');
  });

  it("the image build left a code cache for the image's Node, and a start as an arbitrary UID takes it", async () => {
    const probe =
      'exec node -e "process.stdout.write(require(process.argv[1]).loadCached().status)" "$(readlink -f "$(command -v uid-entrypoint)")"';
    const r = await run(['-u', '1000680000:0', '--entrypoint', 'sh'], IMAGE, '-c', probe);
    expect([r.exitCode, r.stdout]).toEqual([0, 'used']);
  });

  it('a start execs through the addon that came with dist/ (the image is linux-x64, as the build machine)', async () => {
    const r = await run(['-u', '1000680000:0', '-e', 'UID_ENTRYPOINT_LOG_LEVEL=debug'], IMAGE, 'true');
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n').at(-1)).toBe(
      'uid-entrypoint: debug: exec ["tini","--","/usr/bin/true"] through the addon',
    );
  });

  it('the default CMD says hello by name', async () => {
    const r = await run(['-u', '1000680000:0'], IMAGE);
    expect(r.stdout).toBe('hello from default (uid 1000680000, gid 0), HOME=/home/app');
  });

  it("podman exec <c> uid-entrypoint -- whoami names the user in an exec'd shell", async () => {
    const c = await detached(['-u', '10000'], IMAGE, 'sleep', '1000');
    const plain = await podman('exec', c, 'whoami');
    expect(plain.exitCode).not.toBe(0);
    const fixed = await podman('exec', c, 'uid-entrypoint', '--log-level', 'warn', '--', 'whoami');
    expect(fixed).toMatchObject({ exitCode: 0, stdout: 'default' });
  });

  it('--init (an init is already PID 1): still works, and tini is not doubled', async () => {
    const r = await run(
      ['--init', '-u', '10000'],
      IMAGE,
      'sh',
      '-c',
      'whoami; cat /proc/1/comm; cat /proc/[0-9]*/comm | grep -c "^tini$" || true',
    );
    expect(r.exitCode).toBe(0);
    const [who, pid1, tinis] = r.stdout.split('\n');
    expect(who).toBe('default');
    expect(pid1).not.toBe('tini');
    expect(tinis).toBe('0');
  });
});

describe('signals and zombies', () => {
  it('podman stop: SIGTERM reaches sleep through tini at once, exit 143', async () => {
    const c = await detached(['-u', '10000'], IMAGE, 'sleep', '1000');
    // Stop once tini runs the app: during Node's own start-up PID 1 has no handler yet and the
    // kernel drops SIGTERM (see README, "Signals during start-up").
    for (let i = 0; i < 100 && (await podman('exec', c, 'cat', '/proc/1/comm')).stdout !== 'tini'; i += 1)
      await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await podman('stop', '-t', '30', c);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await podman('inspect', c, '--format', '{{.State.ExitCode}}')).stdout).toBe('143');
  });

  it('an app that traps SIGTERM runs its handler', async () => {
    const c = await detached(
      ['-u', '10000'],
      IMAGE,
      'sh',
      '-c',
      'trap "echo handler ran; exit 0" TERM; echo ready; while :; do sleep 0.1; done',
    );
    for (let i = 0; i < 50 && !(await podman('logs', c)).stdout.includes('ready'); i += 1)
      await new Promise((r) => setTimeout(r, 100));
    await podman('stop', '-t', '30', c);
    expect((await podman('logs', c)).stdout).toContain('handler ran');
    expect((await podman('inspect', c, '--format', '{{.State.ExitCode}}')).stdout).toBe('0');
  });

  // The app spawns orphans, then execs a process that never waits: only an init reaps them.
  const ORPHANS = 'for i in 1 2 3 4 5; do sh -c "sleep 0.2 & exit 0"; done; exec sleep 1000';
  const zombies = async (init: string) => {
    const c = await detached(['-u', '10000', '-e', `UID_ENTRYPOINT_INIT=${init}`], IMAGE, 'sh', '-c', ORPHANS);
    await new Promise((r) => setTimeout(r, 1500));
    return (await podman('exec', c, 'sh', '-c', 'grep -l "^State:.*Z" /proc/[0-9]*/status | wc -l')).stdout;
  };

  it('orphaned children are reaped by tini: no zombies (and without tini there are, so the check can fail)', async () => {
    expect(await zombies('auto')).toBe('0');
    expect(await zombies('none')).toBe('5');
  });
});

describe('the opt-in writable-passwd variant', () => {
  it('the entry lands in /etc/passwd once, and podman restart leaves one line', async () => {
    const c = await detached(['-u', '10000'], WRITABLE, 'sleep', '1000');
    const count = async () => (await podman('exec', c, 'sh', '-c', 'grep -c "^default:x:10000:0:" /etc/passwd')).stdout;
    for (let i = 0; i < 50 && (await count()) !== '1'; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe('1');
    expect((await podman('exec', c, 'whoami')).stdout).toBe('default');
    expect((await podman('restart', '-t', '30', c)).exitCode).toBe(0);
    expect(await count()).toBe('1');
    expect((await podman('exec', c, 'tail', '-1', '/etc/passwd')).stdout).toBe(
      'default:x:10000:0:default:/home/app:/bin/sh',
    );
  });
});
