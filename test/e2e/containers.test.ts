// Dockerfile.example built and run by podman on runc, in the shapes users meet: docker run -u,
// OpenShift's random UID with GID 0, a read-only root, the restricted security context; with
// --passwd=false (the image's own files, as Docker and containerd leave them) and without it
// (podman writes its placeholder entry, as CRI-O does on OpenShift); and deploy/ through
// podman kube play, with the fsGroup and supplementalGroups OpenShift gives.
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
  'echo "idGn=$(id -Gn)"',
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

const PRIVATE_HOME = (uid: number): string => `/tmp/uid-entrypoint-home-${uid}`;

describe('Dockerfile.example (read-only /etc/passwd: nss_wrapper)', () => {
  it.each([
    ['-u 10000', ['-u', '10000'], '10000:0', 'root', '/home/app'],
    ['-u 1000680000:0 (OpenShift)', ['-u', '1000680000:0'], '1000680000:0', 'root', '/home/app'],
    ['-u 10000:10000', ['-u', '10000:10000'], '10000:10000', 'default', PRIVATE_HOME(10000)],
    [
      '--read-only --tmpfs /tmp -u 10000',
      ['--read-only', '--tmpfs', '/tmp', '-u', '10000'],
      '10000:0',
      'root',
      PRIVATE_HOME(10000),
    ],
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
        '/home/app:mode=0777',
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
      idGn: group,
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
    // tini is PID 1 already (the ENTRYPOINT's first word): COMMAND runs without a second one.
    expect(r.stderr.split('\n').at(-1)).toBe('uid-entrypoint: debug: exec ["true"] through the addon');
  });

  it('the default CMD says hello by name', async () => {
    const r = await run(['-u', '1000680000:0'], IMAGE);
    expect(r.stdout).toBe('hello from default (uid 1000680000, gid 0, groups root), HOME=/home/app');
  });

  it('with the fsGroup OpenShift adds, every group is named (--group-add)', async () => {
    const r = await run(['-u', '1000680000:0', '--group-add', '1000680000'], IMAGE);
    expect(r.stdout).toBe('hello from default (uid 1000680000, gid 0, groups root default), HOME=/home/app');
  });

  it("podman exec <c> uid-entrypoint -- whoami names the user in an exec'd shell", async () => {
    const c = await detached(['-u', '10000'], IMAGE, 'sleep', '1000');
    const plain = await podman('exec', c, 'whoami');
    expect(plain.exitCode).not.toBe(0);
    const fixed = await podman('exec', c, 'uid-entrypoint', '--log-level', 'warn', '--', 'whoami');
    expect(fixed).toMatchObject({ exitCode: 0, stdout: 'default' });
  });

  it("--init (another init is PID 1): still works, the image's tini a subreaper under it, without a warning", async () => {
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
    expect(tinis).toBe('1');
    expect(r.stderr).not.toContain('Tini is not running as PID 1');
  });

  it('uid-entrypoint as the ENTRYPOINT itself (PID 1): it execs tini in its place', async () => {
    const r = await run(
      ['-u', '10000', '--entrypoint', 'uid-entrypoint'],
      IMAGE,
      '--',
      'sh',
      '-c',
      'whoami; cat /proc/1/comm',
    );
    expect(r).toMatchObject({ exitCode: 0, stdout: 'default\ntini' });
  });
});

describe("podman's own passwd entry (no --passwd=false): the placeholder gives way", () => {
  it("whoami, getpass and $USER say the configured name; HOME is the image's", async () => {
    const r = await podman('run', '--rm', '-u', '1000680000:0', IMAGE, 'sh', '-c', CHECK);
    expect(r.exitCode).toBe(0);
    expect(parse(r.stdout)).toMatchObject({
      whoami: 'default',
      python: 'default default',
      HOME: '/home/app',
      homewritable: 'yes',
    });
    expect(r.stderr).toContain(
      "UID 1000680000 is now default (the runtime's entry named it 1000680000): nss_wrapper files in",
    );
  });
});

describe('deploy/deployment.yaml through podman kube play (fsGroup and supplementalGroups as OpenShift gives them)', () => {
  const yaml = new URL('../../deploy/deployment.yaml', import.meta.url).pathname;
  /** The app's container: podman names it after the pod, with a replica number in some versions. */
  const appContainer = async (): Promise<string> => {
    const names = await podman('ps', '-a', '--format', '{{.Names}}', '--filter', 'name=uid-entrypoint-example-pod');
    return names.stdout.split('\n').find((name) => name.endsWith('-app')) ?? '';
  };
  afterAll(async () => {
    await podman('kube', 'down', yaml);
  });

  it('the app logs the configured name and every group; podman exec gets the same identity; HOME is writable', async () => {
    await podman('kube', 'down', yaml);
    const play = await podman('kube', 'play', yaml);
    expect(play.exitCode).toBe(0);
    const container = await appContainer();
    expect(container).not.toBe('');
    let logs = '';
    for (let i = 0; i < 100 && !logs.includes('hello'); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      logs = (await podman('logs', container)).stdout;
    }
    expect(logs).toBe('hello from default, groups root default');
    const ids = await podman('exec', container, 'sh', '-c', 'id -u; id -G');
    expect(ids.stdout).toBe('1000680000\n0 1000680000');
    const exec = await podman(
      'exec',
      container,
      'uid-entrypoint',
      '--log-level',
      'warn',
      '--',
      'sh',
      '-c',
      'whoami; id -Gn; touch "$HOME/.probe" && echo "HOME=$HOME writable"',
    );
    expect(exec).toMatchObject({ exitCode: 0, stdout: 'default\nroot default\nHOME=/home/app writable' });
  });
});

describe('signals and zombies', () => {
  it('podman stop at once after the start: tini (PID 1 from the first instant) ends it with 143, no timeout', async () => {
    const c = await detached(['-u', '10000'], IMAGE, 'sleep', '1000');
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
  const zombies = async (flags: string[]) => {
    const c = await detached(
      ['-u', '10000', ...flags],
      IMAGE,
      ...(flags.includes('--entrypoint') ? ['--'] : []),
      'sh',
      '-c',
      ORPHANS,
    );
    await new Promise((r) => setTimeout(r, 1500));
    return (await podman('exec', c, 'sh', '-c', 'grep -l "^State:.*Z" /proc/[0-9]*/status | wc -l')).stdout;
  };

  it("orphaned children are reaped by tini, first or exec'd: no zombies (and without tini there are, so the check can fail)", async () => {
    expect(await zombies([])).toBe('0');
    expect(await zombies(['--entrypoint', 'uid-entrypoint'])).toBe('0');
    expect(await zombies(['--entrypoint', 'uid-entrypoint', '-e', 'UID_ENTRYPOINT_INIT=none'])).toBe('5');
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
