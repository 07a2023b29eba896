import { describe, expect, it } from 'vitest';
import type { DirInfo } from '../src/facts.js';
import { chooseHome, type HomeInput } from '../src/home.js';

const WRITABLE: DirInfo = { kind: 'directory', symlink: false, writable: true, own: false, open: false, shared: false };
const MISSING: DirInfo = { ...WRITABLE, kind: 'missing', writable: false };
const states: Record<string, Partial<DirInfo>> = {
  '/writable': {},
  '/read-only': { writable: false },
  '/file': { kind: 'other' },
  '/tmp': { open: true, shared: true },
  '/emptydir': { open: true },
  '/home/app': {},
  '/tmp/uid-entrypoint-home-10000': { own: true },
  '/dev/shm/uid-entrypoint-home-10000': { own: false, open: true },
};

/** A dirInfo over `states` that records what it was asked. */
const recording = () => {
  const asked: string[] = [];
  return {
    asked,
    dirInfo: (path: string): DirInfo => {
      asked.push(path);
      const state = states[path];
      return state ? { ...WRITABLE, ...state } : MISSING;
    },
  };
};

const input = (over: Partial<HomeInput>): HomeInput => ({
  configured: undefined,
  entryHome: undefined,
  login: 'default',
  uid: 10001,
  tempBases: ['/tmp', '/dev/shm'],
  failed: new Set(),
  ...over,
});

describe('chooseHome', () => {
  it.each([
    ['a writable configured home', { configured: '/writable' }, { home: '/writable', warnings: [] }],
    [
      'an emptyDir (world-writable, not sticky) as configured',
      { configured: '/emptydir' },
      { home: '/emptydir', warnings: [] },
    ],
    [
      'a configured home that does not exist yet: made',
      { configured: '/new/home' },
      { home: '/new/home', create: 'parents', warnings: [] },
    ],
    ['the entry home', { entryHome: '/writable' }, { home: '/writable', warnings: [] }],
    ['/home/LOGIN', { login: 'app' }, { home: '/home/app', warnings: [] }],
    [
      'nothing else: a private directory in the temp dir, made',
      {},
      { home: '/tmp/uid-entrypoint-home-10001', create: 'private', warnings: [] },
    ],
    [
      "this UID's own private directory from before",
      { uid: 10000 },
      { home: '/tmp/uid-entrypoint-home-10000', warnings: [] },
    ],
    [
      'a read-only configured home gives way, with a warning that says where HOME went',
      { configured: '/read-only', entryHome: '/writable' },
      { home: '/writable', warnings: ['home /read-only is not writable by this user; HOME is /writable'] },
    ],
    [
      'a configured home that is a file',
      { configured: '/file' },
      {
        home: '/tmp/uid-entrypoint-home-10001',
        create: 'private',
        warnings: ['home /file is not a directory; HOME is /tmp/uid-entrypoint-home-10001'],
      },
    ],
    [
      'HOME=/tmp itself: shared by every user, passed over',
      { configured: '/tmp' },
      {
        home: '/tmp/uid-entrypoint-home-10001',
        create: 'private',
        warnings: [
          'home /tmp is shared by every user (world-writable and sticky, as /tmp): files in it are not private; HOME is /tmp/uid-entrypoint-home-10001',
        ],
      },
    ],
    [
      'a configured home that could not be made',
      { configured: '/new/home', failed: new Set(['/new/home']) },
      {
        home: '/tmp/uid-entrypoint-home-10001',
        create: 'private',
        warnings: ['home /new/home does not exist and could not be created; HOME is /tmp/uid-entrypoint-home-10001'],
      },
    ],
    [
      'a private directory that could not be made: the next temp dir',
      { failed: new Set(['/tmp/uid-entrypoint-home-10001']) },
      { home: '/dev/shm/uid-entrypoint-home-10001', create: 'private', warnings: [] },
    ],
    [
      "a private directory in the way that is not this UID's: passed over",
      { uid: 10000, tempBases: ['/dev/shm'] },
      {
        home: '/dev/shm',
        warnings: [
          'no private, writable directory could be found or made for HOME; HOME is /dev/shm, which does not exist',
        ],
      },
    ],
    [
      'nothing writable at all: the first directory that exists, never "/"',
      {
        configured: '/read-only',
        failed: new Set(['/tmp/uid-entrypoint-home-10001', '/dev/shm/uid-entrypoint-home-10001']),
      },
      {
        home: '/read-only',
        warnings: [
          'home /read-only is not writable by this user',
          'no private, writable directory could be found or made for HOME; HOME is /read-only, which is not writable by this user',
        ],
      },
    ],
  ] as const)('%s', (_label, over, expected) => {
    const { dirInfo } = recording();
    expect(chooseHome(input(over as Partial<HomeInput>), dirInfo)).toEqual(expected);
  });

  it.each([['app'], ['/srv/a:b'], ['/x\n'], ['']])(
    'passes over a $HOME that a passwd line cannot hold: %j',
    (configured) => {
      const { dirInfo, asked } = recording();
      expect(chooseHome(input({ configured, login: 'app' }), dirInfo)).toEqual({
        home: '/home/app',
        warnings: [
          `$HOME ${JSON.stringify(configured)} is not an absolute path without ':', newline, carriage return or NUL; HOME is /home/app`,
        ],
      });
      expect(asked).not.toContain(configured);
    },
  );

  it('asks only as far down the list as the choice needs', () => {
    const { dirInfo, asked } = recording();
    chooseHome(input({ configured: '/writable', entryHome: '/home/app' }), dirInfo);
    expect(asked).toEqual(['/writable']);
  });
});
