import { describe, expect, it } from 'vitest';
import type { DirInfo } from '../src/facts.js';
import { tempBases } from '../src/tempdirs.js';

const dir: DirInfo = { kind: 'directory', symlink: false, writable: true, own: false, open: true, shared: true };
const info =
  (paths: Record<string, Partial<DirInfo>>) =>
  (path: string): DirInfo =>
    paths[path] ? { ...dir, ...paths[path] } : { ...dir, kind: 'missing' };

describe('tempBases', () => {
  it.each([
    ['no TMPDIR', undefined, {}, ['/tmp', '/dev/shm'], []],
    [
      'a TMPDIR that is a directory, trailing slashes dropped',
      '/scratch//',
      { '/scratch': {} },
      ['/scratch', '/tmp', '/dev/shm'],
      [],
    ],
    ['TMPDIR=/tmp', '/tmp', { '/tmp': {} }, ['/tmp', '/dev/shm'], []],
    [
      'a relative TMPDIR',
      'tmp',
      {},
      ['/tmp', '/dev/shm'],
      ['TMPDIR "tmp" is not an absolute path; temp files go to /tmp instead'],
    ],
    [
      'a TMPDIR that does not exist',
      '/nope',
      {},
      ['/tmp', '/dev/shm'],
      ['TMPDIR "/nope" does not exist; temp files go to /tmp instead'],
    ],
    [
      'a dangling link',
      '/link',
      { '/link': { kind: 'missing', symlink: true } },
      ['/tmp', '/dev/shm'],
      ['TMPDIR "/link" is a symbolic link to nothing; temp files go to /tmp instead'],
    ],
    [
      'a file',
      '/file',
      { '/file': { kind: 'other' } },
      ['/tmp', '/dev/shm'],
      ['TMPDIR "/file" is not a directory; temp files go to /tmp instead'],
    ],
    [
      'the root directory',
      '/',
      { '/': {} },
      ['/tmp', '/dev/shm'],
      ['TMPDIR "/" is the root directory; temp files go to /tmp instead'],
    ],
    [
      'a colon',
      '/a:b',
      { '/a:b': {} },
      ['/tmp', '/dev/shm'],
      ['TMPDIR "/a:b" holds \':\', a line break or NUL, which a passwd line cannot; temp files go to /tmp instead'],
    ],
    [
      'a line break',
      '/a\nb',
      { '/a\nb': {} },
      ['/tmp', '/dev/shm'],
      ['TMPDIR "/a\\nb" holds \':\', a line break or NUL, which a passwd line cannot; temp files go to /tmp instead'],
    ],
  ] as const)('%s', (_label, tmpdir, paths, bases, warnings) => {
    expect(tempBases(tmpdir, info(paths))).toEqual({ bases, warnings });
  });
});
