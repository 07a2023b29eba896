import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  PLAINLY_VALID,
  RUN_OPTIONS,
  resolveConfig,
  resolveTryConfig,
  type RunOptionKey,
} from '../src/config.js';
import { ExitError } from '../src/errors.js';
import { check, RUN_RULES } from '../src/rules.js';

const usage = async (fn: () => Promise<unknown>): Promise<string> => {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ExitError);
    expect((error as ExitError).code).toBe(64);
    return (error as ExitError).message;
  }
  throw new Error('expected a usage error');
};

describe('resolveConfig', () => {
  it('has the documented defaults', async () => {
    expect(await resolveConfig({}, {})).toEqual({
      name: 'default',
      shell: '/bin/sh',
      displace: 'builder',
      mode: 'auto',
      init: 'auto',
      killGroup: false,
      strict: false,
      dryRun: false,
      logLevel: 'info',
      logFormat: 'text',
    });
  });

  it.each([
    [
      'a flag wins over the environment',
      { name: 'flag' },
      { UID_ENTRYPOINT_NAME: 'env', USER: 'user' },
      { name: 'flag' },
    ],
    ['UID_ENTRYPOINT_NAME wins over $USER', {}, { UID_ENTRYPOINT_NAME: 'env', USER: 'user' }, { name: 'env' }],
    ['$USER is the default name', {}, { USER: 'user' }, { name: 'user', nameFromUser: true }],
    // What the environment gives every process is a hint: plan.ts and home.ts pass over what cannot be used.
    ['$USER that is no login name: left to the planner', {}, { USER: 'a:b' }, { name: 'a:b', nameFromUser: true }],
    ['$HOME that is no path: left to the planner', {}, { HOME: 'app\n' }, { home: 'app\n' }],
    ['$HOME is the default home unless "/"', {}, { HOME: '/srv/app' }, { home: '/srv/app' }],
    [
      'switches from the environment',
      {},
      { UID_ENTRYPOINT_STRICT: 'yes', UID_ENTRYPOINT_KILL_GROUP: '1', UID_ENTRYPOINT_DRY_RUN: 'false' },
      { strict: true, killGroup: true, dryRun: false },
    ],
    ['a switch flag', { strict: true }, {}, { strict: true }],
    ['an empty --displace refuses displacement', { displace: '' }, {}, { displace: '' }],
    [
      'every mode',
      { mode: 'nss-wrapper' },
      { UID_ENTRYPOINT_LOG_LEVEL: 'debug', UID_ENTRYPOINT_LOG_FORMAT: 'json' },
      { mode: 'nss-wrapper', logLevel: 'debug', logFormat: 'json' },
    ],
  ])('%s', async (_label, flags, env, expected) => {
    expect(await resolveConfig(flags, env)).toMatchObject(expected);
  });

  it.each([
    [{ name: 'Upper' }, {}, 'invalid --name "Upper": must be a portable login name'],
    [{ name: '-dash' }, {}, 'invalid --name "-dash"'],
    [{ name: '' }, {}, 'invalid --name ""'],
    [{ name: 'a'.repeat(33) }, {}, `invalid --name "${'a'.repeat(33)}"`],
    [{}, { UID_ENTRYPOINT_NAME: 'x\ny' }, 'invalid --name (from UID_ENTRYPOINT_NAME) "x\\ny"'],
    [
      { home: 'relative' },
      {},
      'invalid --home "relative": must be an absolute path without \':\', newline, carriage return or NUL',
    ],
    [{}, { UID_ENTRYPOINT_HOME: '/x\n' }, 'invalid --home (from UID_ENTRYPOINT_HOME) "/x\\n"'],
    [{ shell: '/bin/sh\r' }, {}, 'invalid --shell "/bin/sh\\r"'],
    [{ gecos: 'a:b' }, {}, 'invalid --gecos "a:b": must not contain \':\''],
    [
      { displace: 'Root' },
      {},
      'invalid --displace "Root": must be empty (refuse to displace) or a portable login name',
    ],
    [{ mode: 'magic' }, {}, 'invalid --mode "magic": must be one of auto, passwd, nss-wrapper, env'],
    [
      {},
      { UID_ENTRYPOINT_LOG_LEVEL: 'loud' },
      'invalid --log-level (from UID_ENTRYPOINT_LOG_LEVEL) "loud": must be one of silent, warn, info, debug',
    ],
    [{ init: 'systemd' }, {}, 'invalid --init "systemd": must be one of auto, tini, none'],
    [{ nssWrapperLib: '/a b.so' }, {}, 'invalid --nss-wrapper-lib "/a b.so"'],
    [
      {},
      { UID_ENTRYPOINT_STRICT: 'maybe' },
      'invalid --strict (from UID_ENTRYPOINT_STRICT) "maybe": must be one of 1, true',
    ],
  ])('refuses %j %j', async (flags, env, message) => {
    expect(await usage(() => resolveConfig(flags, env))).toContain(message);
  });

  it('a configured name is no hint', async () => {
    expect(await resolveConfig({}, { UID_ENTRYPOINT_NAME: 'env', USER: 'user' })).not.toHaveProperty('nameFromUser');
    expect(await resolveConfig({ name: 'flag' }, {})).not.toHaveProperty('nameFromUser');
  });

  it('takes no home from HOME=/', async () => {
    expect(await resolveConfig({}, { HOME: '/' })).not.toHaveProperty('home');
  });

  it('reports every bad option at once', async () => {
    expect((await usage(() => resolveConfig({ name: 'A', mode: 'x' }, {}))).split('\n')).toHaveLength(2);
  });

  it('has defaults that pass their own rules, so they need no check at run time', () => {
    const defaults = Object.fromEntries(
      Object.entries(DEFAULTS).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    expect(Object.keys(defaults).length).toBeGreaterThan(5);
    expect(check(RUN_RULES, defaults)).toEqual([]);
  });

  it('has a rule for every option', () => {
    expect(Object.keys(RUN_RULES).sort()).toEqual(RUN_OPTIONS.map((o) => o.key).sort());
  });

  it('checks a value equal to a default as valid, and one that differs', async () => {
    expect(await resolveConfig({ mode: 'auto', shell: '/bin/bash' }, {})).toMatchObject({
      mode: 'auto',
      shell: '/bin/bash',
    });
    expect(await usage(() => resolveConfig({ shell: 'bash' }, {}))).toContain('invalid --shell "bash"');
  });

  it('names the environment variable of each option', () => {
    // The rule RUN_OPTIONS spells out: `logLevel` -> `UID_ENTRYPOINT_LOG_LEVEL`.
    const envName = (key: string): string => `UID_ENTRYPOINT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    expect(envName('nssWrapperLib')).toBe('UID_ENTRYPOINT_NSS_WRAPPER_LIB');
    expect(envName('logLevel')).toBe('UID_ENTRYPOINT_LOG_LEVEL');
    for (const option of RUN_OPTIONS) expect(option.env).toBe(envName(option.key));
  });

  it('reads every option from its environment variable', async () => {
    // A colon fits no field of a passwd line, and "maybe" is no switch value: every option fails.
    const env = Object.fromEntries(RUN_OPTIONS.map((o) => [o.env, o.flag.includes(' ') ? 'x:y' : 'maybe']));
    const issues = (await usage(() => resolveConfig({}, env))).split('\n');
    expect(issues.map((line) => line.split(' (from ')[0])).toEqual(
      RUN_OPTIONS.map((o) => `invalid ${o.flag.split(' ')[0]}`),
    );
    for (const line of issues)
      expect(line).toMatch(/^invalid --[a-z-]+ \(from UID_ENTRYPOINT_[A-Z_]+\) "(x:y|maybe)": /);
  });
});

describe('PLAINLY_VALID', () => {
  const keys = RUN_OPTIONS.map((o) => o.key);
  // Strings near every rule's edges: paths, names, switch words, and the characters the rules refuse.
  const near = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'/a_Z-.1: \n\r\0\t\u00e9~'.split('')), maxLength: 12 }),
    fc.string({ unit: fc.constantFrom(...'/a_Z-.1: \n\r\0\t\u00e9~'.split('')), maxLength: 12 }).map((v) => `/${v}`),
    fc.string({ unit: fc.constantFrom(...'abz_-09'.split('')), minLength: 1, maxLength: 34 }),
    fc.constantFrom('', 'TRUE', 'On', 'yes', 'maybe', 'auto', 'Auto', 'nss-wrapper', 'debug', 'json', 'none', 'tini'),
  );

  it.each(keys)('%s: every value it lets through passes the rule', (key) => {
    fc.assert(
      fc.property(near, (v) => !PLAINLY_VALID[key](v) || check(RUN_RULES, { [key]: v }).length === 0),
      { numRuns: 2000 },
    );
  });

  it.each<[RunOptionKey, string]>([
    ['home', '/home/app'],
    ['home', '/opt/app data'],
    ['shell', '/bin/bash'],
    ['name', 'app'],
    ['gecos', 'App User, Build 7'],
    ['displace', ''],
    ['mode', 'nss-wrapper'],
    ['nssWrapperLib', '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so'],
    ['tini', '/usr/bin/tini'],
    ['strict', 'true'],
    ['logLevel', 'warn'],
  ])('lets the common %s %j through, so zod is not loaded for it', (key, value) => {
    expect(PLAINLY_VALID[key](value)).toBe(true);
  });
});

describe('resolveTryConfig', () => {
  it('defaults to UID 10000, GID 0, no supplementary groups, writable passwd', async () => {
    expect(await resolveTryConfig({})).toEqual({ uid: 10000, gid: 0, groups: [], passwd: 'writable' });
  });

  it('takes --groups as GIDs separated by commas, each once', async () => {
    expect((await resolveTryConfig({ groups: '1000680000,5000,5000' })).groups).toEqual([1000680000, 5000]);
  });

  it.each([
    [{ uid: '-1' }, 'invalid --uid "-1": must be a whole number from 0 to 4294967294'],
    [{ gid: '4294967295' }, 'invalid --gid "4294967295"'],
    [
      { groups: '5000,x' },
      'invalid --groups "5000,x": must be whole numbers from 0 to 4294967294, separated by commas',
    ],
    [{ groups: '5000,' }, 'invalid --groups "5000,"'],
    [{ passwd: 'rw' }, 'invalid --passwd "rw": must be one of writable, read-only'],
  ])('refuses %j', async (flags, message) => {
    expect(await usage(() => resolveTryConfig(flags))).toContain(message);
  });
});
