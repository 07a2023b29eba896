// The C library's answer for this process's UID, through the os binding or, when that is not as
// expected, through node:os: both must give the same record. And a passwd file's lines, small or large.
import { mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binding } from '../src/binding.js';
import { WHOLE } from '../src/grep.js';
import { idNeedle, nameNeedle } from '../src/passwd.js';
import { lookupUser, probeFile } from '../src/probe.js';

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
    [
      'a throw',
      {
        getUserInfo: () => {
          throw new TypeError('changed');
        },
      },
    ],
  ])('asks node:os when the binding gives %s', (_label, os) => {
    expect(lookupUser(os as Record<string, unknown> | undefined)).toEqual(viaNodeOs());
  });

  it('reports no entry when the binding says the lookup failed, as os.userInfo() would throw', () => {
    const os = { getUserInfo: (_options: unknown, context: { code?: string }) => void (context.code = 'ENOENT') };
    expect(lookupUser(os)).toBeUndefined();
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
    ['a small file (its text searched whole)', 1000],
    ['a file of exactly the size read whole', WHOLE],
    ['a file a byte larger (read through the buffer)', WHOLE + 1],
    ['a large file', 8 * WHOLE],
  ])('finds the same lines in %s', (_label, size) => {
    const path = join(dir, `passwd-${size}`);
    writeFileSync(path, fileOf(size));
    expect(statSync(path).size).toBe(size);
    const facts = probeFile(path, [idNeedle(10000), nameNeedle('default')]);
    expect(facts.text).toBe(target);
    expect(facts.exists).toBe(true);
  });

  it('reads a symlinked file through the link, and calls it a symlink', () => {
    const path = join(dir, 'real');
    writeFileSync(path, fileOf(1000));
    symlinkSync(path, join(dir, 'link'));
    expect(probeFile(join(dir, 'link'), [idNeedle(10000), nameNeedle('default')])).toMatchObject({
      text: target,
      exists: true,
      symlink: true,
      writable: false,
    });
  });

  it('a missing file: no text, and it does not exist', () => {
    expect(probeFile(join(dir, 'missing'), [idNeedle(10000)])).toEqual({
      path: join(dir, 'missing'),
      text: '',
      exists: false,
      writable: false,
      symlink: false,
    });
  });
});
