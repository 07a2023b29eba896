import { describe, expect, it } from 'vitest';
import { tryNamespaces } from '../src/trymap.js';

const sub = { uids: { start: 100000, count: 65536 }, gids: { start: 100000, count: 65536 } };
const user = { name: 'dev', root: false };

describe('tryNamespaces', () => {
  it('as root: mount and PID namespaces only, and setpriv to the IDs themselves', () => {
    expect(
      tryNamespaces({ uid: 10000, gid: 0, groups: [5000, 1000680000] }, { name: 'root', root: true }, sub),
    ).toEqual({
      outer: [],
      inner: ['setpriv', '--reuid=10000', '--regid=0', '--groups=5000,1000680000', '--'],
    });
    expect(tryNamespaces({ uid: 10000, gid: 0, groups: [] }, { name: 'root', root: true }, sub)).toMatchObject({
      inner: ['setpriv', '--reuid=10000', '--regid=0', '--clear-groups', '--'],
    });
  });

  it('as an ordinary user without groups: two nested user namespaces, no subordinate IDs needed', () => {
    expect(tryNamespaces({ uid: 1000680000, gid: 0, groups: [] }, user, { uids: undefined, gids: undefined })).toEqual({
      outer: ['--user', '--map-root-user'],
      inner: ['unshare', '--user', '--map-user=1000680000', '--map-group=0', '--'],
    });
  });

  it("as an ordinary user with groups: the IDs mapped to the user's subordinate IDs, then setpriv", () => {
    expect(tryNamespaces({ uid: 1000680000, gid: 0, groups: [1000680000] }, user, sub)).toEqual({
      outer: [
        '--user',
        '--map-user=0',
        '--map-group=0',
        '--map-users=100000,1000680000,1',
        '--map-groups=100000,1000680000,1',
      ],
      inner: ['setpriv', '--reuid=1000680000', '--regid=0', '--groups=1000680000', '--'],
    });
    expect(tryNamespaces({ uid: 10000, gid: 5000, groups: [5001] }, user, sub)).toMatchObject({
      outer: ['--user', '--map-user=0', '--map-group=0', '--map-users=100000,10000,1', '--map-groups=100000,5000,2'],
    });
  });

  it.each([
    [
      'no subordinate IDs',
      { uid: 10000, gid: 0, groups: [5000] },
      { uids: undefined, gids: undefined },
      /needs subordinate IDs for dev in \/etc\/subuid and \/etc\/subgid/,
    ],
    [
      'GIDs that are not consecutive',
      { uid: 10000, gid: 0, groups: [5000, 7000] },
      sub,
      /the GIDs other than 0 must be consecutive \(asked for 5000, 7000\); run try as root for any/,
    ],
  ] as const)('as an ordinary user with groups and %s: a clear refusal', (_label, target, ranges, message) => {
    const out = tryNamespaces({ ...target, groups: [...target.groups] }, user, ranges);
    expect('problem' in out && out.problem).toMatch(message);
  });
});
