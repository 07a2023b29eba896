// grepLines on real temp files: exactly the lines that contain a needle, across buffer boundaries,
// and every passwd.ts lookup answers on them as on the whole file.
import fc from 'fast-check';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grepLines } from '../src/grep.js';
import {
  countPasswdByName,
  findGroupByGid,
  findGroupByName,
  findPasswdByName,
  findPasswdByUid,
  formatPasswdLine,
  idNeedles,
  nameNeedle,
} from '../src/passwd.js';

const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-grep-'));
let n = 0;
const grepFile = (text: string | Buffer, needles: string[], chunk?: number): string => {
  n += 1;
  const path = join(dir, `f${n}`);
  writeFileSync(path, text);
  const fd = openSync(path, 'r');
  try {
    return grepLines(fd, needles, chunk);
  } finally {
    closeSync(fd);
  }
};

/** The same answer the slow way: split into lines (keeping breaks), keep those with a needle. */
const naive = (text: string, needles: string[]): string =>
  (text.match(/[^\n]*\n|[^\n]+$/g) ?? [])
    .filter((line) =>
      needles.some((k) => k !== '' && (k.startsWith('\n') ? line.startsWith(k.slice(1)) : line.includes(k))),
    )
    .join('');

describe('grepLines', () => {
  it.each([
    ['nothing matches', 'a:x:1:1::/:/bin/sh\n', [':9'], ''],
    [
      'the first line, and a last line without a break',
      'a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh',
      ['a:', ':2'],
      'a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh',
    ],
    ['a line with two needles once', 'a:x:1:1::/:/bin/sh\n', ['a:', ':1'], 'a:x:1:1::/:/bin/sh\n'],
    ['CRLF lines keep their \\r', 'a:x:1:1::/:/bin/sh\r\nb:x:2:2::/:/bin/sh\r\n', [':2'], 'b:x:2:2::/:/bin/sh\r\n'],
    ['an empty needle matches nothing', 'a\n', [''], ''],
    ['an empty file', '', ['a:'], ''],
    ['a long needle whose first bytes end the file', 'a:x:1:1::/:/bin/sh\ndefau', ['\ndefault:', ':10000000:'], ''],
    [
      'a long needle whose first bytes end a buffer',
      'defau\ndefault:x:1:1::/:/bin/sh\n',
      ['\ndefault:'],
      'default:x:1:1::/:/bin/sh\n',
    ],
    [
      'a line-start needle matches the first line',
      'a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/a:\n',
      ['\na:'],
      'a:x:1:1::/:/bin/sh\n',
    ],
    [
      'a line-start needle matches after CRLF, not inside a line',
      'b:x:2:2::/:/a:\r\na:x:1:1::/:/bin/sh\r\n',
      ['\na:'],
      'a:x:1:1::/:/bin/sh\r\n',
    ],
  ])('%s', (_label, text, needles, expected) => {
    expect(grepFile(text, needles)).toBe(expected);
    expect(grepFile(text, needles, 4)).toBe(expected);
  });

  it('decodes UTF-8 lines whole, even when a buffer boundary splits a character', () => {
    const text = 'ä:x:1:1:Jürgen Müller:/home/ä:/bin/sh\nb:x:2:2:Zoë:/:/bin/sh\n';
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect(grepFile(text, [':1', ':2'], chunk)).toBe(text);
  });

  it('finds the one line of a 100,000-line file, across many buffers', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) =>
      formatPasswdLine({
        name: `user${i}`,
        password: 'x',
        uid: 20000 + i,
        gid: 20000 + i,
        gecos: '',
        home: `/home/user${i}`,
        shell: '/bin/sh',
      }),
    );
    const text = `${lines.join('\n')}\n`;
    expect(grepFile(text, [nameNeedle('user99999')])).toBe(`${lines[99_999]}\n`);
    expect(grepFile(text, [nameNeedle('user0')])).toBe(`${lines[0]}\n`);
    const withId = lines.filter((line) => line.includes('65536')).map((line) => `${line}\n`);
    expect(withId).toHaveLength(2);
    expect(grepFile(text, idNeedles(65536))).toBe(withId.join(''));
  });

  it('keeps exactly the lines with a needle, whatever the buffer size', () => {
    const line = fc.string({ unit: fc.constantFrom(...'ab:1\r#ü'.split('')), maxLength: 10 });
    const text = fc
      .tuple(fc.array(line, { maxLength: 10 }), fc.boolean())
      .map(([ls, final]) => ls.join('\n') + (final && ls.length ? '\n' : ''));
    const needle = fc
      .tuple(fc.boolean(), fc.string({ unit: fc.constantFrom(...'ab:1ü'.split('')), minLength: 1, maxLength: 8 }))
      .map(([atStart, k]) => (atStart ? `\n${k}` : k));
    fc.assert(
      fc.property(
        text,
        fc.array(needle, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 16 }),
        (t, needles, chunk) => {
          expect(grepFile(t, needles, chunk)).toBe(naive(t, needles));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every passwd.ts lookup answers on the grepped lines as on the whole file', () => {
    const name = fc.constantFrom('a', 'b', 'default', 'builder', 'root', 'ab');
    const num = fc.constantFrom(0, 1, 10, 100, 1000, 10000);
    const field = fc.oneof(
      name,
      num.map(String),
      fc.constantFrom('', 'x', '/home/a', '#a', 'a:b', ' 10', '-0', '+1', '010'),
    );
    const line = fc.array(field, { minLength: 1, maxLength: 8 }).map((fs) => fs.join(':'));
    const text = fc
      .tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
      .map(([ls, eol]) => ls.map((l) => l + eol).join(''));
    fc.assert(
      fc.property(text, name, num, (t, login, id) => {
        const passwd = grepFile(t, [...idNeedles(id), nameNeedle(login)]);
        for (const chunk of [1, 3]) expect(grepFile(t, [...idNeedles(id), nameNeedle(login)], chunk)).toBe(passwd);
        expect(findPasswdByUid(passwd, id)).toEqual(findPasswdByUid(t, id));
        expect(findPasswdByName(passwd, login)).toEqual(findPasswdByName(t, login));
        expect(countPasswdByName(passwd, login)).toBe(countPasswdByName(t, login));
        expect(findGroupByGid(passwd, id)).toEqual(findGroupByGid(t, id));
        expect(findGroupByName(passwd, login)).toEqual(findGroupByName(t, login));
      }),
      { numRuns: 500 },
    );
  });
});
