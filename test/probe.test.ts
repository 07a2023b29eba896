// The C library's answer for this process's UID, through the os binding or, when that is not as
// expected, through node:os: both must give the same record.
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { binding } from '../src/binding.js';
import { lookupUser } from '../src/probe.js';

const viaNodeOs = (): unknown => {
  const info = userInfo();
  return { name: info.username, uid: info.uid, gid: info.gid, home: info.homedir, shell: info.shell ?? '' };
};

describe('lookupUser', () => {
  it('uses the os binding on this Node, so a start does not load node:os', () => {
    expect(binding('os')?.getUserInfo).toBeTypeOf('function');
    expect(lookupUser()).toEqual(viaNodeOs());
    expect(lookupUser()?.uid).toBe(process.getuid!());
  });

  it.each([
    ['no binding', undefined],
    ['no getUserInfo', {}],
    ['an answer of another shape', { getUserInfo: () => 42 }],
    ['undefined without an error code', { getUserInfo: () => undefined }],
    ['a throw', { getUserInfo: () => { throw new TypeError('changed'); } }],
  ])('asks node:os when the binding gives %s', (_label, os) => {
    expect(lookupUser(os as Record<string, unknown> | undefined)).toEqual(viaNodeOs());
  });

  it('reports no entry when the binding says the lookup failed, as os.userInfo() would throw', () => {
    const os = { getUserInfo: (_options: unknown, context: { code?: string }) => void (context.code = 'ENOENT') };
    expect(lookupUser(os)).toBeUndefined();
  });
});
