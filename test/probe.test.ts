// The C library's answer for this process's UID, a passwd file's lines (small, large, odd or
// unreadable), and what is at a path for HOME. A UID without an entry, and the files as another
// UID sees them, are the integration tests' cases: the sandbox runs as one.
import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../src/addon.js';
import { WHOLE } from '../src/grep.js';
import { lookupUser, unnamedGids } from '../src/lookup.js';
import { findPasswdByName, findPasswdByUid, idNeedles, nameNeedle } from '../src/passwd.js';
import { dirInfo, probeFile, readable } from '../src/probe.js';

const addon = loadAddon(join(import.meta.dirname, '..', 'dist'));

describe('lookupUser', () => {
  const info = userInfo();
  it.each([
    ['through the addon', addon],
    ['through os.userInfo()', undefined],
  ])("gives the C library's entry for this process's UID %s", (_label, through) => {
    expect(lookupUser(process.getuid?.() ?? 0, through)).toMatchObject({
      name: info.username,
      uid: info.uid,
      gid: info.gid,
      home: info.homedir,
      shell: info.shell ?? '',
    });
  });

  it('gives nothing for a UID without an entry, through the addon', () => {
    expect(lookupUser(4000000123, addon)).toBeUndefined();
  });
});

describe('unnamedGids', () => {
  it('asks the C library through the addon, else the group text', () => {
    expect(unnamedGids([0, 4000000123], addon, () => '')).toEqual([4000000123]);
    expect(unnamedGids([0, 5000, 6000], undefined, () => 'root:x:0:\nusers:x:5000:\n')).toEqual([6000]);
  });
});

describe('probeFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-probe-'));
  const line = (name: string, uid: number): string => `${name}:x:${uid}:0::/home/${name}:/bin/sh\n`;
  const target = `${line('default', 500)}${line('app', 10000)}`;
  /** A file of exactly `size` bytes: lines of other users, a comment to fill, the two lines searched for last. */
  const fileOf = (size: number): string => {
    let text = '';
    for (let i = 0; size - text.length - target.length > 100; i += 1) text += line(`user${i}`, 20000 + i);
    return `${text}#${'x'.repeat(size - text.length - target.length - 2)}\n${target}`;
  };

  it.each([
    ['a small file (read whole)', 1000],
    ['a file of exactly the size read whole', WHOLE],
    ['a file a byte larger (read through the buffer)', WHOLE + 1],
    ['a large file', 8 * WHOLE],
  ])('answers the same lookups in %s', (_label, size) => {
    const path = join(dir, `passwd-${size}`);
    writeFileSync(path, fileOf(size));
    expect(statSync(path).size).toBe(size);
    const needles = [...idNeedles(10000), nameNeedle('default')];
    const facts = probeFile(path, needles);
    expect(findPasswdByUid(facts.text, 10000)?.name).toBe('app');
    expect(findPasswdByName(facts.text, 'default')?.uid).toBe(500);
    // A small file is read whole; of a large one, only the lines the lookups can match.
    const matching = (text: string) =>
      text
        .split(/(?<=\n)/)
        .filter((l) => needles.some((n) => l.includes(n)))
        .join('');
    expect(facts.text).toBe(size <= WHOLE ? fileOf(size) : matching(fileOf(size)));
    expect(facts.exists).toBe(true);
  });

  it('reads a symlinked file through the link, and calls it a symlink, never writable', () => {
    const path = join(dir, 'real');
    writeFileSync(path, target);
    symlinkSync(path, join(dir, 'link'));
    expect(probeFile(join(dir, 'link'), [])).toMatchObject({
      text: target,
      exists: true,
      symlink: true,
      writable: false,
    });
  });

  it('a missing file: no text, and it does not exist', () => {
    expect(probeFile(join(dir, 'missing'), [])).toEqual({
      path: join(dir, 'missing'),
      text: '',
      exists: false,
      writable: false,
      symlink: false,
    });
  });

  it('a directory where the file should be: it exists, cannot be read (EISDIR), and is not written', () => {
    mkdirSync(join(dir, 'adir'));
    expect(probeFile(join(dir, 'adir'), [])).toMatchObject({
      text: '',
      exists: true,
      unreadable: 'EISDIR',
      writable: false,
    });
    expect(readable(join(dir, 'adir'))).toBe(false);
  });
});

describe('dirInfo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-dirinfo-'));
  it.each([
    ['missing', () => join(dir, 'nope'), { kind: 'missing', symlink: false }],
    [
      'a private directory of this UID',
      () => {
        const path = join(dir, 'private');
        mkdirSync(path, { mode: 0o700 });
        return path;
      },
      { kind: 'directory', own: true, open: false, shared: false, writable: true },
    ],
    [
      'a shared sticky directory, as /tmp',
      () => {
        const path = join(dir, 'shared');
        mkdirSync(path);
        chmodSync(path, 0o1777);
        return path;
      },
      { kind: 'directory', open: true, shared: true },
    ],
    [
      'a world-writable directory without the sticky bit, as an emptyDir',
      () => {
        const path = join(dir, 'emptydir');
        mkdirSync(path);
        chmodSync(path, 0o777);
        return path;
      },
      { kind: 'directory', open: true, shared: false },
    ],
    [
      'a file',
      () => {
        const path = join(dir, 'file');
        writeFileSync(path, '');
        return path;
      },
      { kind: 'other' },
    ],
    [
      'a dangling symbolic link',
      () => {
        const path = join(dir, 'dangling');
        symlinkSync(join(dir, 'nothing'), path);
        return path;
      },
      { kind: 'missing', symlink: true },
    ],
  ])('%s', (_label, make, expected) => {
    expect(dirInfo(make())).toMatchObject(expected);
  });
});
