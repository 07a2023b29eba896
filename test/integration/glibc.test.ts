// Random passwd and group files, odd lines mixed in (comments, blank lines, NIS compat lines, short
// and long lines, CRLF, no final newline, NUL, Latin-1, duplicate names and IDs), run through the
// real entrypoint in both modes: every name glibc resolved before resolves the same after, through
// glibc itself (passwd mode) or through nss_wrapper's copies (nss-wrapper mode), and the announced
// name resolves to the UID. glibc answers through getent in the sandbox.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyValues, makeEtc, sandbox, usualNode } from '../helpers/sandbox.js';

const node = usualNode();

const NAMES = ['root', 'alice', 'bob', 'carol', 'dave', 'eve', 'r2d2', 'x'];
const name = fc.constantFrom(...NAMES.slice(1));
const id = fc.constantFrom(1, 2, 100, 1000, 2000, 65534);
const text = fc.string({ unit: fc.constantFrom(...'abc /-_.,'.split('')), maxLength: 8 });
const latin1 = fc.constantFrom('J\u00fcrgen', 'M\u00fcller', 'Zo\u00eb');

const passwdLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(name, id, id, fc.oneof(text, latin1), text)
      .map(([n, u, g, c, h]) => `${n}:x:${u}:${g}:${c}:/${h}:/bin/sh`),
  },
  fc.constantFrom('# a comment', '', '   ', '\t', '+', '+::::::', '-eve', '+@netgroup', '+bob'),
  fc.tuple(name, id).map(([n, u]) => `${n}:x:${u}`),
  fc.tuple(name, id, id).map(([n, u, g]) => `${n}:x:${u}:${g}`),
  fc.tuple(name, id, id).map(([n, u, g]) => `${n}:x:${u}:${g}:a:/b:/bin/sh:more:fields`),
  fc.tuple(name, id, id).map(([n, u, g]) => `  ${n}:x:${u}:${g}::/:/bin/sh`),
  fc.tuple(name, id, id).map(([n, u, g]) => `${n}:x:0${u}:${g}::/:/bin/sh`),
  fc.tuple(name, id, id).map(([n, u, g]) => `${n}:x:${u}:${g}::/:/bin/sh\u0000tail`),
);
const groupLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(name, id, fc.array(name, { maxLength: 3 })).map(([n, g, m]) => `${n}:x:${g}:${m.join(',')}`),
  },
  fc.constantFrom('# groups', '', '  ', '+', '+:::', '-bob'),
  fc.tuple(name, id).map(([n, g]) => `${n}:x:${g}`),
  fc.tuple(name, id, name).map(([n, g, m]) => `${n}:x:${g}:${m},,${m}, ${m}`),
  fc.tuple(name, id).map(([n, g]) => ` ${n}:x:${g}:`),
);
/**
 * A file of such lines: root first or not, LF or CRLF, with or without a final line break. Not a
 * last line with blanks before it and no line break after it: glibc 2.36 reads that one with its
 * last characters doubled (its readline moves the line left without the string's end), which a
 * line break, as passwd mode writes one before its entry, puts right (docs/design.md).
 */
const file = (line: fc.Arbitrary<string>, root: string) =>
  fc
    .tuple(fc.boolean(), fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([withRoot, lines, eol, final]) => {
      const all = withRoot ? [root, ...lines] : lines;
      const last = all.at(-1) ?? '';
      const ends = final || /^[ \t]/.test(last) ? eol : '';
      return all.join(eol) + (all.length > 0 ? ends : '');
    });

/** What getent says for each name and ID, one `key=value` a line (od: bytes as they are). */
const LOOKUPS = [
  ...NAMES.map((n) => `echo "p:${n}=$(getent passwd ${n} | od -An -tx1 | tr -d ' \\n')"`),
  ...NAMES.map((n) => `echo "g:${n}=$(getent group ${n} | od -An -tx1 | tr -d ' \\n')"`),
  'echo "who=$(whoami 2>/dev/null)"',
  'echo "uid=$(getent passwd default | cut -d: -f3)"',
].join('\n');

describe('random files: every name that resolved before resolves the same after', () => {
  it.each([
    ['nss-wrapper', 0o644],
    ['passwd', 0o664],
  ])(
    '%s mode',
    async (_mode, fileMode) => {
      await fc.assert(
        fc.asyncProperty(
          file(passwdLine, 'root:x:0:0:root:/root:/bin/bash'),
          file(groupLine, 'root:x:0:'),
          async (passwd, group) => {
            // The text a character a byte: Latin-1 letters stay one byte each, not UTF-8's two.
            const content = { passwd: Buffer.from(passwd, 'latin1'), group: Buffer.from(group, 'latin1') };
            // An image's nsswitch.conf: files alone (nss_wrapper stands in for that service, not for others).
            const nsswitch = 'passwd: files\ngroup: files\n';
            const before = await sandbox({ etc: makeEtc(fileMode, content), nsswitch, argv: ['sh', '-c', LOOKUPS] });
            const etc = makeEtc(fileMode, content);
            const after = await sandbox({ etc, nsswitch, argv: [node.bin, node.cli, '--', 'sh', '-c', LOOKUPS] });
            expect(after.exitCode).toBe(0);
            expect(after.stderr).not.toContain('NWRAP');
            const was = keyValues(before.stdout);
            const now = keyValues(after.stdout);
            for (const key of Object.keys(was).filter((k) => /^[pg]:/.test(k) && was[k] !== '')) {
              expect([key, now[key]]).toEqual([key, was[key]]);
            }
            expect(now.who).toBe('default');
            expect(now.uid).toBe('10000');
          },
        ),
        { numRuns: 30 },
      );
    },
    240_000,
  );
});
