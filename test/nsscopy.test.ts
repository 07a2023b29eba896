// nsscopy.ts: the text of nss_wrapper's copies. Every line glibc reads an entry from becomes one
// nss_wrapper reads as the same entry; everything else goes. test/integration/glibc.test.ts asks
// glibc and nss_wrapper themselves.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../src/addon.js';
import { asBytes, groupCopy, passwdCopy, plainGroup, plainPasswd, plainPasswdFile } from '../src/nsscopy.js';
import { change } from './helpers/change.js';

const ROOT = 'root:x:0:0:root:/root:/bin/bash';

describe('passwdCopy', () => {
  it.each([
    ['plain lines stay as they are', `${ROOT}\napp:x:1:1::/:/bin/sh\n`, `${ROOT}\napp:x:1:1::/:/bin/sh\n`],
    ['comments, blank lines and NIS lines go', `# x\n\n${ROOT}\n   \n+::::::\n-bad\n+@ng\n`, `${ROOT}\n`],
    ['blanks before a line go', `  \t${ROOT}\n`, `${ROOT}\n`],
    ['a short line gets its empty fields', 'app:x:1:1\napp2:x:2:2:g\n', 'app:x:1:1:::\napp2:x:2:2:g::\n'],
    [
      'an ID spelled otherwise is written as the number glibc reads',
      'app:x:+010:0::/:/bin/sh\n',
      'app:x:10:0::/:/bin/sh\n',
    ],
    ['an ID past 32 bits goes, as glibc rejects the line', 'app:x:4294977296:0::/:/bin/sh\n', ''],
    ['a line ends at a NUL', 'app:x:1:1::/:/bin/sh\0junk\n', 'app:x:1:1::/:/bin/sh\n'],
    [
      'CRLF: the carriage return stays in the shell, as glibc reads it',
      'app:x:1:1::/:/bin/sh\r\n',
      'app:x:1:1::/:/bin/sh\r\n',
    ],
    ['no final line break', 'app:x:1:1::/:/bin/sh', 'app:x:1:1::/:/bin/sh\n'],
    ['an empty file', '', ''],
  ])('%s', (_label, text, expected) => {
    expect(passwdCopy(text, change(), 1)).toBe(expected);
  });

  it('adds the line, renames the displaced entry, and keeps the placeholder behind the new line', () => {
    const text = `${ROOT}\nipython:x:1001:0::/home/ipython:/bin/bash\n10000:*:10000:0:container user:/app:/bin/sh\n`;
    const line = 'ipython:x:10000:0:ipython:/home/ipython:/bin/sh';
    expect(
      passwdCopy(
        text,
        change({ passwdLine: line, rename: { from: 'ipython', to: 'builder', uid: 1001 }, before: '10000' }),
        10000,
      ),
    ).toBe(
      `${ROOT}\nbuilder:x:1001:0::/home/ipython:/bin/bash\n${line}\n10000:*:10000:0:container user:/app:/bin/sh\n`,
    );
  });

  it('adds a line with letters beyond ASCII as its UTF-8 bytes, and keeps Latin-1 lines as they were', () => {
    const latin1 = 'jo:x:5:5:J\u00fcrgen:/:/bin/sh\n';
    const out = passwdCopy(latin1, change({ passwdLine: 'z:x:10000:0:Z\u00fcrich:/:/bin/sh' }), 10000);
    expect(Buffer.from(out, 'latin1')).toEqual(
      Buffer.concat([Buffer.from(latin1, 'latin1'), Buffer.from('z:x:10000:0:Z\u00fcrich:/:/bin/sh\n', 'utf8')]),
    );
    expect(asBytes('\u00fc')).toBe('\u00c3\u00bc');
  });
});

describe('groupCopy', () => {
  it.each([
    [
      'plain lines stay, and lines are added',
      'root:x:0:\nusers:x:100:a,b\n',
      ['g:x:5:'],
      'root:x:0:\nusers:x:100:a,b\ng:x:5:\n',
    ],
    ['empty members and blanks before one go', 'users:x:100:a,, b,\n', [], 'users:x:100:a,b\n'],
    ['a line without the members field gets it', 'users:x:100\n', [], 'users:x:100:\n'],
    ['comments and NIS lines go', '#x\nroot:x:0:\n+\n', [], 'root:x:0:\n'],
  ])('%s', (_label, text, lines, expected) => {
    expect(groupCopy(text, lines)).toBe(expected);
  });
});

const addon = loadAddon(join(import.meta.dirname, '..', 'dist'));
const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-plain-'));
let files = 0;
/** The plain check on `text` written to a file: the addon's (native/plain.c), and the one without it. */
const checks = (text: string): [boolean | undefined, boolean] => {
  files += 1;
  const path = join(dir, `passwd-${files}`);
  writeFileSync(path, text, 'latin1');
  return [addon?.plainPasswd(path), plainPasswdFile(path)];
};

describe('plainPasswd and plainGroup: copied as they are', () => {
  it.each([
    [`${ROOT}\napp:x:1:1::/:/bin/sh\n`, true],
    [`${ROOT}\r\n`, true],
    [`${ROOT}\n\n`, true],
    [`${ROOT}\n# comment\n`, false],
    [` ${ROOT}\n`, false],
    ['\rapp:x:1:1::/:/bin/sh\n', false],
    ['app:x:1:1::/\rb:x:2:2::/:/bin/sh\n', true],
    ['app:x:01:1::/:/bin/sh\n', false],
    ['app:x:1:1\n', false],
    ['app:x:1234567890:1::/:/bin/sh\n', false],
    ['\u00a0app:x:1:1::/:/bin/sh\n', true],
    ['app:x:1:1::/:/bin/sh\u0000\n', false],
    ['app:x:1:1::/:/bin/sh', true],
    ['', true],
  ])('passwd %j: %s, the same in C', (text, plain) => {
    expect(plainPasswd(text)).toBe(plain);
    expect(checks(text)).toEqual([plain, plain]);
  });

  it('in C as without it, on random lines of what passwd files hold', () => {
    const unit = fc.constantFrom(...'ab09:+-# \t\r\n\u0000\u00a0x/'.split(''));
    const line = fc
      .tuple(
        fc.string({ unit, maxLength: 4 }),
        fc.constantFrom('0', '7', '007', '1234567890', '', 'x'),
        fc.string({ unit, maxLength: 6 }),
      )
      .map(([name, id, rest]) => `${name}:x:${id}:${id}:${rest}`);
    const text = fc.oneof(
      fc.string({ unit, maxLength: 60 }),
      fc.array(line, { maxLength: 5 }).map((ls) => ls.join('\n')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const [inC, inJs] = checks(t);
        expect(inC).toBe(inJs);
        expect(inJs).toBe(plainPasswd(t));
      }),
      { numRuns: 500 },
    );
  });

  it('a file that cannot be read is not plain', () => {
    expect(addon?.plainPasswd(join(dir, 'missing'))).toBe(false);
    expect(plainPasswdFile(join(dir, 'missing'))).toBe(false);
  });

  it.each([
    ['root:x:0:\nusers:x:100:a,b\n', true],
    ['users:x:100:a,,b\n', false],
    ['users:x:100: a\n', false],
    ['users:x:100\n', false],
  ])('group %j: %s', (text, plain) => {
    expect(plainGroup(text)).toBe(plain);
  });
});
