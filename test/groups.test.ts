import { describe, expect, it } from 'vitest';
import { nameGroups } from '../src/groups.js';

const ids = { uid: 1000680000, gid: 0, login: 'default' };

describe('nameGroups', () => {
  it.each([
    [
      'OpenShift: the fsGroup equal to the UID takes the login name',
      [1000680000],
      ids,
      [],
      [{ gid: 1000680000, name: 'default' }],
    ],
    [
      'a primary GID of its own (-u 10000:10000) takes the login name',
      [10000],
      { ...ids, uid: 10000, gid: 10000 },
      [],
      [{ gid: 10000, name: 'default' }],
    ],
    [
      'other GIDs are group-GID',
      [5000, 7000],
      ids,
      [],
      [
        { gid: 5000, name: 'group-5000' },
        { gid: 7000, name: 'group-7000' },
      ],
    ],
    [
      'the login name taken: group-GID',
      [1000680000],
      ids,
      ['default'],
      [{ gid: 1000680000, name: 'group-1000680000' }],
    ],
    [
      'the primary GID first, then the one equal to the UID',
      [10000, 20000],
      { uid: 20000, gid: 10000, login: 'app' },
      [],
      [
        { gid: 10000, name: 'app' },
        { gid: 20000, name: 'group-20000' },
      ],
    ],
  ] as const)('%s', (_label, unnamed, who, taken, named) => {
    const out = nameGroups([...unnamed], who, (name) => (taken as readonly string[]).includes(name));
    expect(out.named).toEqual(named);
    expect(out.lines).toEqual(named.map(({ gid, name }) => `${name}:x:${gid}:`));
    expect(out.warnings).toEqual([]);
  });

  it('never adds a group with GID 0, and says so', () => {
    expect(nameGroups([0], ids, () => false)).toEqual({
      lines: [],
      named: [],
      warnings: ['GID 0 has no group; a group with GID 0 is never added'],
    });
  });

  it('leaves a GID unnamed when its name is taken by another, and says so', () => {
    expect(nameGroups([5000], ids, (name) => name === 'group-5000')).toEqual({
      lines: [],
      named: [],
      warnings: ['GID 5000 has no group, and the name group-5000 belongs to another one; no group is added for it'],
    });
  });
});
