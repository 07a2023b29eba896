import { describe, expect, it } from 'vitest';
import { childEnv, envPairs, nssWrapperEnv, preloadFirst } from '../src/env.js';

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
