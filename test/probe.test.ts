// The C library's answer for this process's UID, and a passwd file's lines, small or large. (A UID
// without an entry is the integration tests' case: the sandbox runs as one.)
import { mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WHOLE } from '../src/grep.js';
import { idNeedle, nameNeedle } from '../src/passwd.js';
import { lookupUser, probeFile } from '../src/probe.js';

describe('lookupUser', () => {
  it("gives the C library's entry for this process's UID, as os.userInfo() has it", () => {
    const info = userInfo();
    expect(lookupUser()).toEqual({
      name: info.username,
      uid: info.uid,
      gid: info.gid,
      home: info.homedir,
      shell: info.shell ?? '',
    });
    expect(lookupUser()?.uid).toBe(process.getuid?.());
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
