import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import type { DirInfo, Facts, FileFacts, UserRecord } from '../src/facts.js';
import { isPlaceholder, pickMode, planFix, planNamed, planRoot } from '../src/plan.js';

const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\nipython:x:1001:0:IPython:/home/ipython:/bin/bash\nbuilder2:x:1002:0::/:/bin/sh\n';
const GROUP = 'root:x:0:\nipython:x:1001:\n';
const LIB = '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so';
const PRIVATE = '/tmp/uid-entrypoint-home-10000';

const file = (path: string, text: string, writable: boolean, extra: Partial<FileFacts> = {}): FileFacts => ({
  path,
  text,
  exists: true,
  writable,
  symlink: false,
  ...extra,
});

const WRITABLE: DirInfo = { kind: 'directory', symlink: false, writable: true, own: true, open: false, shared: false };
const MISSING: DirInfo = { ...WRITABLE, kind: 'missing', writable: false, own: false };

const facts = (over: Partial<Facts> = {}, dirs: Record<string, Partial<DirInfo>> = {}): Facts => ({
  uid: 10000,
  gid: 0,
  gids: [0],
  user: undefined,
  unnamedGids: [],
  passwd: file('/etc/passwd', PASSWD, true),
  group: file('/etc/group', GROUP, true),
  nssWrapperLib: LIB,
  tempBases: ['/tmp', '/dev/shm'],
  dirInfo: (path) => (dirs[path] ? { ...WRITABLE, ...dirs[path] } : MISSING),
  ...over,
});

const config = (flags: Record<string, string> = {}, env: Record<string, string> = {}) => resolveConfig(flags, env);

describe('pickMode', () => {
  const needs = { user: true, groups: false, placeholder: false };
  it.each([
    ['auto: writable passwd', 'auto', {}, needs, { mode: 'passwd' }],
    [
      'auto: read-only passwd, library found',
      'auto',
      { passwd: file('/etc/passwd', PASSWD, false) },
      needs,
      { mode: 'nss-wrapper' },
    ],
    [
      'auto: symlinked passwd is never written through',
      'auto',
      { passwd: file('/etc/passwd', PASSWD, false, { symlink: true }) },
      needs,
      { mode: 'nss-wrapper' },
    ],
    [
      'auto: an unreadable passwd is not written in place',
      'auto',
      { passwd: file('/etc/passwd', '', true, { unreadable: 'EACCES' }) },
      needs,
      { mode: 'nss-wrapper' },
    ],
    [
      'auto: groups to name and a read-only group file: nss_wrapper does both',
      'auto',
      { group: file('/etc/group', GROUP, false) },
      { ...needs, groups: true },
      { mode: 'nss-wrapper' },
    ],
    [
      'auto: ... and without the library, passwd mode as far as it goes',
      'auto',
      { group: file('/etc/group', GROUP, false), nssWrapperLib: undefined },
      { ...needs, groups: true },
      { mode: 'passwd' },
    ],
    [
      'auto: neither',
      'auto',
      { passwd: file('/etc/passwd', PASSWD, false), nssWrapperLib: undefined },
      needs,
      { mode: 'env', reason: expect.stringContaining('for a full fix install libnss-wrapper') },
    ],
    [
      'a placeholder: nss_wrapper, even where passwd is writable',
      'auto',
      {},
      { ...needs, placeholder: true },
      { mode: 'nss-wrapper' },
    ],
    [
      'a placeholder without the library: kept',
      'auto',
      { nssWrapperLib: undefined },
      { ...needs, placeholder: true },
      { mode: 'env', reason: expect.stringContaining('libnss_wrapper.so was not found') },
    ],
    [
      'forced passwd on a read-only file',
      'passwd',
      { passwd: file('/etc/passwd', PASSWD, false) },
      needs,
      { mode: 'env', reason: '--mode passwd: /etc/passwd is not writable by UID 10000' },
    ],
    [
      'forced nss-wrapper without library',
      'nss-wrapper',
      { nssWrapperLib: undefined },
      needs,
      { mode: 'env', reason: expect.stringContaining('libnss_wrapper.so was not found') },
    ],
    ['forced nss-wrapper on a writable passwd', 'nss-wrapper', {}, needs, { mode: 'nss-wrapper' }],
  ] as const)('%s', async (_label, mode, over, need, expected) => {
    expect(pickMode(await config({ mode }), facts(over), need)).toEqual(expected);
  });
});

describe('planFix: a UID without an entry', () => {
  it('adds the default entry, HOME a private directory in the temp dir, made at start', async () => {
    expect(planFix(await config(), facts(), { HOME: '/' })).toEqual({
      uid: 10000,
      gid: 0,
      status: 'fix',
      mode: 'passwd',
      change: { passwdLine: `default:x:10000:0:default:${PRIVATE}:/bin/sh`, groupLines: [], groupNames: [] },
      env: { USER: 'default', LOGNAME: 'default', HOME: PRIVATE },
      home: { home: PRIVATE, create: 'private', warnings: [] },
      warnings: [],
    });
  });

  it('takes $HOME when it is a writable directory, and /home/LOGIN when it exists', async () => {
    const env = { HOME: '/srv/app' };
    expect(planFix(await config({}, env), facts({}, { '/srv/app': {} }), env).env.HOME).toBe('/srv/app');
    expect(planFix(await config(), facts({}, { '/home/default': {} }), {}).env.HOME).toBe('/home/default');
  });

  it('displaces the owner of the wanted name and takes its home', async () => {
    const plan = planFix(await config({ name: 'ipython' }), facts({}, { '/home/ipython': {} }), {});
    expect(plan.change).toEqual({
      rename: { from: 'ipython', to: 'builder', uid: 1001 },
      passwdLine: 'ipython:x:10000:0:ipython:/home/ipython:/bin/sh',
      groupLines: [],
      groupNames: [],
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
    const plan = planFix(await config({ name, ...flags }), facts(), {});
    expect(plan).toMatchObject({ status: 'unfixable', reason });
    expect(plan.change).toBeUndefined();
  });

  it('writes nothing for the UID when the file has it though the C library did not say so', async () => {
    const plan = planFix(await config(), facts({ uid: 1001 }, { '/home/ipython': {} }), {});
    expect(plan).toMatchObject({ status: 'present', env: { USER: 'ipython', HOME: '/home/ipython' } });
    expect(plan.change).toBeUndefined();
  });

  it('names the GIDs the process holds that have none (fsGroup), in the same place as the entry', async () => {
    const plan = planFix(await config(), facts({ gids: [0, 1000680000], unnamedGids: [1000680000] }), {});
    expect(plan.change?.groupLines).toEqual(['group-1000680000:x:1000680000:']);
    expect(plan.mode).toBe('passwd');
    const copies = planFix(
      await config(),
      facts({ gids: [0, 10000], unnamedGids: [10000], passwd: file('/etc/passwd', PASSWD, false) }),
      {},
    );
    expect(copies).toMatchObject({ mode: 'nss-wrapper', change: { groupLines: ['default:x:10000:'] } });
  });

  it('names no group in passwd mode when /etc/group is read-only and there is no nss_wrapper, and says so', async () => {
    const plan = planFix(
      await config(),
      facts({
        gid: 5000,
        gids: [5000],
        unnamedGids: [5000],
        group: file('/etc/group', GROUP, false),
        nssWrapperLib: undefined,
      }),
      {},
    );
    expect(plan).toMatchObject({ mode: 'passwd', change: { groupLines: [] } });
    expect(plan.warnings).toContain(
      'GID 5000 has no group and /etc/group is not writable by UID 10000; it stays unnamed',
    );
  });

  it('falls back to env mode, unfixable, when nothing can be written', async () => {
    const plan = planFix(
      await config(),
      facts({ passwd: file('/etc/passwd', PASSWD, false), nssWrapperLib: undefined }),
      {},
    );
    expect(plan).toMatchObject({
      status: 'unfixable',
      mode: 'env',
      env: { USER: 'default', LOGNAME: 'default', HOME: PRIVATE },
    });
    expect(plan.reason).toContain('for a full fix install libnss-wrapper');
  });

  it('passwd mode carries the passwd it found no entry in (basis); nss-wrapper mode, which copies, does not', async () => {
    const passwdBefore = { dev: 2049, ino: 77, size: PASSWD.length };
    expect(planFix(await config(), facts({ passwdBefore }), {}).change?.basis).toEqual(passwdBefore);
    expect(planFix(await config({ mode: 'nss-wrapper' }), facts({ passwdBefore }), {}).change).not.toHaveProperty(
      'basis',
    );
  });

  it('says what an unreadable source leaves out of the nss_wrapper copies', async () => {
    const plan = planFix(
      await config(),
      facts({ passwd: file('/etc/passwd', '', false, { unreadable: 'EACCES' }) }),
      {},
    );
    expect(plan.mode).toBe('nss-wrapper');
    expect(plan.warnings).toContain(
      "/etc/passwd cannot be read (EACCES): nss_wrapper's copy of it holds only the lines added (make it readable, mode 0644)",
    );
  });

  it('plans around a HOME a start could not make', async () => {
    const plan = planFix(await config(), facts(), {}, new Set([PRIVATE]));
    expect(plan.env.HOME).toBe('/dev/shm/uid-entrypoint-home-10000');
  });
});

const record = (over: Partial<UserRecord>): UserRecord => ({
  name: 'app',
  uid: 10000,
  gid: 0,
  gecos: '',
  home: '/home/app',
  shell: '/bin/sh',
  ...over,
});

describe("planFix: a runtime's placeholder", () => {
  const podman = record({ name: '10000', gecos: 'container user', home: '/app' });

  it("is an entry named with the UID's digits", () => {
    expect(isPlaceholder(podman, 10000)).toBe(true);
    expect(isPlaceholder(record({}), 10000)).toBe(false);
  });

  it("gives way to the planned identity in nss_wrapper's copy, in front of the runtime's line", async () => {
    const plan = planFix(await config(), facts({ user: podman }), {});
    expect(plan).toMatchObject({
      status: 'placeholder',
      mode: 'nss-wrapper',
      change: { passwdLine: `default:x:10000:0:default:${PRIVATE}:/bin/sh`, before: '10000' },
      env: { USER: 'default', LOGNAME: 'default', HOME: PRIVATE },
      placeholder: { name: '10000', replaced: true },
    });
  });

  it('is kept without nss_wrapper: USER and LOGNAME say what whoami says, and a reason', async () => {
    const plan = planFix(await config(), facts({ user: podman, nssWrapperLib: undefined }), {});
    expect(plan).toMatchObject({
      status: 'known',
      mode: 'env',
      env: { USER: '10000', LOGNAME: '10000' },
      placeholder: { name: '10000', replaced: false },
    });
    expect(plan.reason).toContain('libnss_wrapper.so was not found');
  });
});

describe('planFix: a UID the C library knows by a real name', () => {
  it('keeps the entry; USER, LOGNAME from it, HOME only when unset', async () => {
    const user = record({});
    expect(planFix(await config(), facts({ user }, { '/home/app': {} }), {})).toMatchObject({
      status: 'known',
      env: { USER: 'app', LOGNAME: 'app', HOME: '/home/app' },
    });
    expect(planFix(await config({}, { HOME: '/srv' }), facts({ user }), { HOME: '/srv' }).env).toEqual({
      USER: 'app',
      LOGNAME: 'app',
    });
  });

  it('names its unnamed groups in place, or in copies that keep the entry where the file lacks it (LDAP)', async () => {
    const user = record({ uid: 1000680000, name: 'ldapuser' });
    const inPlace = planFix(
      await config(),
      facts({ uid: 1000680000, user, gids: [0, 1000680000], unnamedGids: [1000680000] }),
      { HOME: '/x' },
    );
    expect(inPlace).toMatchObject({
      status: 'known',
      mode: 'passwd',
      change: { groupLines: ['ldapuser:x:1000680000:'] },
    });
    expect(inPlace.change?.passwdLine).toBeUndefined();
    const copies = planFix(
      await config(),
      facts({
        uid: 1000680000,
        user,
        gids: [0, 1000680000],
        unnamedGids: [1000680000],
        group: file('/etc/group', GROUP, false),
      }),
      { HOME: '/x' },
    );
    expect(copies).toMatchObject({
      mode: 'nss-wrapper',
      change: { passwdLine: 'ldapuser:x:1000680000:0::/home/app:/bin/sh', groupLines: ['ldapuser:x:1000680000:'] },
    });
  });
});

describe('planNamed: a real name and every GID named, from no file', () => {
  const where = { uid: 10000, gid: 0, tempBases: ['/tmp', '/dev/shm'] };

  it('is the plan planFix makes from the whole facts', async () => {
    const user = record({ uid: 10000 });
    const dirs = { '/home/app': {} };
    for (const env of [{}, { HOME: '/' }, { HOME: '/srv' }] as Record<string, string>[]) {
      const full = planFix(await config({}, env), facts({ user }, dirs), env);
      const named = planNamed(
        await config({}, env),
        { ...where, dirInfo: facts({}, dirs).dirInfo },
        user,
        !env.HOME || env.HOME === '/',
        'known',
      );
      expect(named).toEqual(full);
    }
  });

  it("chooses HOME past an entry's home that does not exist: a private directory", async () => {
    const user = record({ uid: 10000, home: '/nonexistent' });
    const plan = planNamed(await config(), { ...where, dirInfo: facts().dirInfo }, user, true, 'known');
    expect(plan.env).toEqual({ USER: 'app', LOGNAME: 'app', HOME: PRIVATE });
    expect(plan.home).toMatchObject({ home: PRIVATE, create: 'private' });
  });
});

describe('planRoot', () => {
  it('sets only USER and LOGNAME, and only when unset', () => {
    expect(planRoot({}, 'root', 0).env).toEqual({ USER: 'root', LOGNAME: 'root' });
    expect(planRoot({ USER: 'me', LOGNAME: 'me' }, 'root', 0).env).toEqual({});
  });
});

describe('planFix: $USER is a hint, and gives way to the default where the UID cannot have it', () => {
  it.each([
    ['a free login name: taken', 'app', 'app', []],
    ["root, UID 0's name", 'root', 'default', ['$USER "root" belongs to UID 0, which is never displaced']],
    ['no login name', 'first.last', 'default', ['$USER "first.last" is not a portable login name']],
    ['a newline in it', 'a\nb', 'default', ['$USER "a\\nb" is not a portable login name']],
    ['"default" itself', 'default', 'default', []],
  ])('%s', async (_label, user, login, warnings) => {
    const plan = planFix(await config({}, { USER: user }), facts(), {});
    expect(plan).toMatchObject({ status: 'fix', env: { USER: login, LOGNAME: login } });
    expect(plan.change?.passwdLine).toBe(`${login}:x:10000:0:${login}:${PRIVATE}:/bin/sh`);
    expect(plan.warnings).toEqual(warnings.map((w) => `${w}: UID 10000 is named ${login} instead (--name chooses)`));
  });

  it('an owner of the name with another UID is displaced, as for --name', async () => {
    const plan = planFix(await config({}, { USER: 'ipython' }), facts({}, { '/home/ipython': {} }), {});
    expect(plan.change?.rename).toEqual({ from: 'ipython', to: 'builder', uid: 1001 });
    expect(plan.warnings).toEqual([]);
  });

  it('an owner that cannot be displaced: the default, with why', async () => {
    const plan = planFix(await config({ displace: '' }, { USER: 'ipython' }), facts(), {});
    expect(plan.env).toMatchObject({ USER: 'default' });
    expect(plan.change?.rename).toBeUndefined();
    expect(plan.warnings).toEqual([
      '$USER "ipython" belongs to UID 1001 and --displace is empty, so it is not taken over: UID 10000 is named default instead (--name chooses)',
    ]);
  });

  it('the default taken too: the refusal names the default, and $USER was passed over', async () => {
    const passwd = file('/etc/passwd', `${PASSWD}default:x:0:0::/:/bin/sh\n`, true);
    const plan = planFix(await config({}, { USER: 'root' }), facts({ passwd }), {});
    expect(plan).toMatchObject({
      status: 'unfixable',
      reason: 'the name default belongs to UID 0, which is never displaced; choose another --name',
    });
    expect(plan.warnings[0]).toContain('$USER "root" belongs to UID 0');
  });

  it('--name root is not a hint: refused, no other name', async () => {
    const plan = planFix(await config({ name: 'root' }, { USER: 'app' }), facts(), {});
    expect(plan).toMatchObject({ status: 'unfixable', env: { USER: 'root' } });
  });
});
