import { describe, expect, it } from 'vitest';
import { childEnv, envPairs, inheritedNssWrapper, nssWrapperEnv, preloadFirst } from '../src/env.js';

const LIB = '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so';

describe('preloadFirst', () => {
  it.each([
    [undefined, LIB],
    ['', LIB],
    ['/lib/a.so', `${LIB} /lib/a.so`],
    [`/lib/a.so:${LIB} /lib/b.so`, `${LIB} /lib/a.so /lib/b.so`],
    [`${LIB} ${LIB}`, LIB],
  ])('%j', (current, expected) => {
    expect(preloadFirst(current, LIB)).toBe(expected);
  });
});

describe('childEnv', () => {
  it('copies the base, sets on top, drops undefined, and never mutates the base', () => {
    const base = { PATH: '/bin', HOME: '/', GONE: undefined };
    const out = childEnv(base, { HOME: '/tmp', USER: 'default' });
    expect(out).toEqual({ PATH: '/bin', HOME: '/tmp', USER: 'default' });
    expect(base).toEqual({ PATH: '/bin', HOME: '/', GONE: undefined });
  });

  it("gives COMMAND back what the launcher saved, byte for byte, and drops the launcher's own", () => {
    const base = {
      PATH: '/bin',
      UID_ENTRYPOINT_SAVED_NODE_OPTIONS: '--require "/x y.js"',
      UID_ENTRYPOINT_SAVED_NODE_DEBUG: '',
      UID_ENTRYPOINT_SIGMASK: '0000000000000800',
      UID_ENTRYPOINT_SAVED_: 'not a name',
    };
    expect(childEnv(base, {})).toEqual({
      PATH: '/bin',
      NODE_OPTIONS: '--require "/x y.js"',
      NODE_DEBUG: '',
      UID_ENTRYPOINT_SAVED_: 'not a name',
    });
  });

  it('removes the names it is told to, and sets on top last', () => {
    const base = { NSS_WRAPPER_PASSWD: '/stale', NSS_WRAPPER_GROUP: '/stale', USER: 'x' };
    expect(childEnv(base, { USER: 'default' }, ['NSS_WRAPPER_PASSWD', 'NSS_WRAPPER_GROUP'])).toEqual({
      USER: 'default',
    });
  });

  it('nssWrapperEnv sets the two files and the preload', () => {
    expect(nssWrapperEnv({ LD_PRELOAD: '/x.so' }, LIB, '/tmp/d/passwd', '/tmp/d/group')).toEqual({
      NSS_WRAPPER_PASSWD: '/tmp/d/passwd',
      NSS_WRAPPER_GROUP: '/tmp/d/group',
      LD_PRELOAD: `${LIB} /x.so`,
    });
  });
});

describe('envPairs', () => {
  it('gives each variable as KEY=VALUE, in order, values with = and spaces kept whole', () => {
    expect(envPairs({ HOME: '/tmp', OPTS: 'a=b c', EMPTY: '' })).toEqual(['HOME=/tmp', 'OPTS=a=b c', 'EMPTY=']);
  });
});

describe('inheritedNssWrapper', () => {
  it.each([
    [
      { LD_PRELOAD: LIB, NSS_WRAPPER_PASSWD: '/p', NSS_WRAPPER_GROUP: '/g' },
      { passwd: '/p', group: '/g' },
    ],
    [
      { LD_PRELOAD: `/a.so:${LIB}`, NSS_WRAPPER_PASSWD: '/p', NSS_WRAPPER_GROUP: '/g' },
      { passwd: '/p', group: '/g' },
    ],
    [{ NSS_WRAPPER_PASSWD: '/p', NSS_WRAPPER_GROUP: '/g' }, undefined],
    [{ LD_PRELOAD: LIB, NSS_WRAPPER_PASSWD: '/p' }, undefined],
    [{}, undefined],
  ])('%j', (env, expected) => {
    expect(inheritedNssWrapper(env)).toEqual(expected);
  });
});
