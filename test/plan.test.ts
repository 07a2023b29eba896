import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import type { DirState, Facts, FileFacts } from '../src/facts.js';
import { pickMode, planFix, planKnown, planRoot } from '../src/plan.js';

const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\nipython:x:1001:0:IPython:/home/ipython:/bin/bash\nbuilder2:x:1002:0::/:/bin/sh\n';
const GROUP = 'root:x:0:\nipython:x:1001:\n';

const file = (path: string, text: string, writable: boolean, extra: Partial<FileFacts> = {}): FileFacts => ({
  path,
  text,
  exists: true,
  writable,
  symlink: false,
  ...extra,
});

const facts = (over: Partial<Facts> = {}, dirs: Record<string, DirState> = {}): Facts => ({
  uid: 10000,
  gid: 0,
  user: undefined,
  passwd: file('/etc/passwd', PASSWD, true),
  group: file('/etc/group', GROUP, true),
  nssWrapperLib: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so',
  tmpdir: '/tmp',
  dirState: (path) => dirs[path] ?? 'missing',
  ...over,
});

describe('pickMode', () => {
  it.each([
    ['auto: writable passwd', 'auto', {}, { mode: 'passwd' }],
    [
      'auto: read-only passwd, library found',
      'auto',
      { passwd: file('/etc/passwd', PASSWD, false) },
      { mode: 'nss-wrapper' },
    ],
    [
      'auto: symlinked passwd is never written through',
      'auto',
      { passwd: file('/etc/passwd', PASSWD, false, { symlink: true }) },
      { mode: 'nss-wrapper' },
    ],
    [
      'auto: neither',
      'auto',
      { passwd: file('/etc/passwd', PASSWD, false), nssWrapperLib: undefined },
      { mode: 'env' },
    ],
    [
      'forced passwd on a read-only file',
      'passwd',
      { passwd: file('/etc/passwd', PASSWD, false) },
      { mode: 'env', reason: '--mode passwd: /etc/passwd is not writable by UID 10000' },
    ],
    [
      'forced nss-wrapper without library',
      'nss-wrapper',
      { nssWrapperLib: undefined },
      { mode: 'env', reason: expect.stringContaining('libnss_wrapper.so was not found') },
    ],
    ['forced nss-wrapper on a writable passwd', 'nss-wrapper', {}, { mode: 'nss-wrapper' }],
  ] as const)('%s', async (_label, mode, over, expected) => {
    expect(pickMode(await resolveConfig({ mode }, {}), facts(over))).toMatchObject(expected);
  });
});

describe('planFix', () => {
  it('adds the default entry with HOME in the temp dir when nothing better exists', async () => {
    expect(planFix(await resolveConfig({}, {}), facts(), { HOME: '/' })).toEqual({
      uid: 10000,
      gid: 0,
      status: 'fix',
      mode: 'passwd',
      change: { passwdLine: 'default:x:10000:0:default:/tmp:/bin/sh' },
      env: { USER: 'default', LOGNAME: 'default', HOME: '/tmp' },
      warnings: [],
    });
  });

  it.each([
    ['an existing $HOME', { HOME: '/srv/app' }, { '/srv/app': 'writable', '/tmp': 'writable' }, '/srv/app', []],
    [
      '/home/LOGIN when it exists',
      { HOME: '/' },
      { '/home/default': 'writable', '/tmp': 'writable' },
      '/home/default',
      [],
    ],
    [
      'a writable dir over a read-only $HOME (read-only root filesystem)',
      { HOME: '/srv/ro' },
      { '/srv/ro': 'read-only', '/tmp': 'writable' },
      '/tmp',
      ['home /srv/ro is not writable; HOME is /tmp'],
    ],
    [
      'a read-only home when nothing is writable, with a warning',
      { HOME: '/srv/ro' },
      { '/srv/ro': 'read-only' },
      '/srv/ro',
      ['HOME /srv/ro is not writable by this user'],
    ],
    [
      'the temp dir when $HOME is missing, with a warning',
      { HOME: '/nope' },
      {},
      '/tmp',
      ['home /nope does not exist and could not be created; HOME is /tmp'],
    ],
  ] as const)('HOME: %s', async (_label, env, dirs, home, warnings) => {
    const plan = planFix(await resolveConfig({}, env), facts({}, dirs), env);
    expect(plan.env.HOME).toBe(home);
    expect(plan.change?.passwdLine).toBe(`default:x:10000:0:default:${home}:/bin/sh`);
    expect(plan.warnings).toEqual(warnings);
  });

  it('displaces the owner of the wanted name and takes its home', async () => {
    const plan = planFix(await resolveConfig({ name: 'ipython' }, {}), facts({}, { '/home/ipython': 'writable' }), {});
    expect(plan.change).toEqual({
      rename: { from: 'ipython', to: 'builder', uid: 1001 },
      passwdLine: 'ipython:x:10000:0:ipython:/home/ipython:/bin/sh',
    });
  });

  it.each([
    ['root', {}, 'the name root belongs to UID 0, which is never displaced; choose another --name'],
    [
      'ipython',
      { displace: '' },
      'the name ipython belongs to UID 1001 and --displace is empty, so it is not taken over',
    ],
    [
      'ipython',
      { displace: 'builder2' },
      'the name ipython belongs to UID 1001 and the --displace name builder2 is taken too',
    ],
  ])('refuses to take the name %s (%j)', async (name, flags, reason) => {
    const plan = planFix(await resolveConfig({ name, ...flags }, {}), facts(), {});
    expect(plan).toMatchObject({ status: 'unfixable', reason });
    expect(plan.change).toBeUndefined();
  });

  it('writes nothing when the file already has the UID (the C library missed it)', async () => {
    const plan = planFix(await resolveConfig({}, {}), facts({ uid: 1001 }, { '/home/ipython': 'writable' }), {});
    expect(plan).toMatchObject({ status: 'present', env: { USER: 'ipython', HOME: '/home/ipython' } });
    expect(plan.change).toBeUndefined();
  });

  it.each([
    ['adds a group for a GID without one', { gid: 10000 }, 'default:x:10000:'],
    [
      'adds no group for GID 0 even if missing',
      { gid: 0, group: file('/etc/group', 'users:x:100:\n', true) },
      undefined,
    ],
    [
      'adds no group when the name is taken by another group',
      { gid: 10000, group: file('/etc/group', 'default:x:5:\n', true) },
      undefined,
    ],
    [
      'adds no group in passwd mode when /etc/group is read-only',
      { gid: 10000, group: file('/etc/group', GROUP, false) },
      undefined,
    ],
  ])('%s', async (_label, over, groupLine) => {
    expect(planFix(await resolveConfig({}, {}), facts(over), {}).change?.groupLine).toBe(groupLine);
  });

  it('falls back to env mode, unfixable, when nothing can be written', async () => {
    const plan = planFix(
      await resolveConfig({}, {}),
      facts({ passwd: file('/etc/passwd', PASSWD, false), nssWrapperLib: undefined }),
      {},
    );
    expect(plan).toMatchObject({
      status: 'unfixable',
      mode: 'env',
      env: { USER: 'default', LOGNAME: 'default', HOME: '/tmp' },
    });
    expect(plan.reason).toContain('for a full fix install libnss-wrapper');
  });

  it('passwd mode carries the passwd it found no entry in (basis); nss-wrapper mode, which copies, does not', async () => {
    const passwdBefore = { dev: 2049, ino: 77, size: PASSWD.length };
    expect(planFix(await resolveConfig({}, {}), facts({ passwdBefore }), {}).change?.basis).toEqual(passwdBefore);
    expect(
      planFix(await resolveConfig({ mode: 'nss-wrapper' }, {}), facts({ passwdBefore }), {}).change,
    ).not.toHaveProperty('basis');
  });

  it('nss-wrapper mode carries the library and the group line', async () => {
    const plan = planFix(
      await resolveConfig({}, {}),
      facts({ gid: 10000, passwd: file('/etc/passwd', PASSWD, false) }),
      {},
    );
    expect(plan).toMatchObject({
      mode: 'nss-wrapper',
      nssWrapperLib: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so',
      change: { groupLine: 'default:x:10000:' },
    });
  });
});

describe('planKnown and planRoot', () => {
  it('sets USER and LOGNAME, and HOME only when unset or "/"', async () => {
    const config = await resolveConfig({}, {});
    const known = { uid: 1001, gid: 0, tmpdir: '/tmp', dirState: (): DirState => 'writable' };
    expect(planKnown(config, known, { name: 'ipython', home: '/home/ipython' }, true).env).toEqual({
      USER: 'ipython',
      LOGNAME: 'ipython',
      HOME: '/home/ipython',
    });
    expect(planKnown(config, known, { name: 'ipython', home: '/home/ipython' }, false).env).toEqual({
      USER: 'ipython',
      LOGNAME: 'ipython',
    });
    expect(planKnown(config, known, { name: 'svc', home: '/' }, true).env.HOME).toBe('/home/svc');
  });

  it('root: only fills USER and LOGNAME when unset', async () => {
    expect(planRoot({}, 'root', 0).env).toEqual({ USER: 'root', LOGNAME: 'root' });
    expect(planRoot({ USER: 'admin', LOGNAME: 'admin' }, 'root', 0).env).toEqual({});
  });
});

describe('planFix on duplicate names', () => {
  it('refuses to displace a name that two entries share', async () => {
    const passwd = `${PASSWD}dup:x:2001:0::/:/bin/sh\ndup:x:2002:0::/:/bin/sh\n`;
    const plan = planFix(
      await resolveConfig({ name: 'dup' }, {}),
      facts({ passwd: file('/etc/passwd', passwd, true) }),
      {},
    );
    expect(plan).toMatchObject({
      status: 'unfixable',
      reason: expect.stringContaining('belongs to more than one entry'),
    });
  });
});
