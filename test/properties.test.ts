// Property-based tests: parse/format round-trips, and the planner's safety invariants on any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { appendLine, checkedGroupLine, editPasswd } from '../src/edit.js';
import type { DirInfo, Facts } from '../src/facts.js';
import { formatGroupLine, formatPasswdLine, linesOf, parseGroupLine, parsePasswdLine } from '../src/passwd.js';
import { planFix } from '../src/plan.js';

const field = fc.string({ unit: fc.constantFrom(...'abcxyz019 ,._-/#'.split('')), maxLength: 12 });
const name = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,10}$/);
const id = fc.integer({ min: 0, max: 0xffffffff });
const entry = fc.record({
  name,
  password: fc.constantFrom('x', '*', ''),
  uid: id,
  gid: id,
  gecos: field,
  home: field,
  shell: field,
});
const hostile = fc.string({ unit: fc.constantFrom(...'ab:\n\r\0/#x0'.split('')), maxLength: 12 });
const anyLine = fc.oneof(
  entry.map(formatPasswdLine),
  hostile,
  fc.constant('# comment'),
  fc.constant(''),
  fc.constant('root:x:0:0:root:/root:/bin/bash'),
);
const passwdText = fc
  .tuple(fc.array(anyLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, final]) => lines.join(eol) + (final && lines.length ? eol : ''));

const MISSING: DirInfo = { kind: 'missing', symlink: false, writable: false, own: false, open: false, shared: false };
const facts = (passwd: string, group: string, uid: number, gid: number, groups: number[]): Facts => ({
  uid,
  gid,
  gids: [gid, ...groups],
  user: undefined,
  unnamedGids: [gid, ...groups],
  passwd: { path: '/etc/passwd', text: passwd, exists: true, writable: true, symlink: false },
  group: { path: '/etc/group', text: group, exists: true, writable: true, symlink: false },
  nssWrapperLib: '/usr/lib/libnss_wrapper.so',
  tempBases: ['/tmp'],
  dirInfo: () => MISSING,
});

/** Every entry glibc reads from a text. */
const entries = <T>(text: string, parse: (line: string) => T | undefined): T[] =>
  linesOf(text).flatMap((line) => parse(line) ?? []);

describe('properties', () => {
  it('passwd and group lines round-trip through format and parse', () => {
    fc.assert(
      fc.property(entry, (e) => {
        expect(parsePasswdLine(formatPasswdLine(e))).toEqual(e);
      }),
    );
    const group = fc.record({
      name,
      password: fc.constantFrom('x', ''),
      gid: id,
      members: fc.array(name, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(group, (g) => {
        expect(parseGroupLine(formatGroupLine(g))).toEqual(g);
      }),
    );
  });

  it('the planner never writes a UID-0 line, a bad field, or touches a line it was not asked to', async () => {
    const config = fc.record({
      name: fc.oneof(name, fc.constant('root')),
      displace: fc.oneof(name, fc.constant(''), fc.constant('root')),
      home: fc.option(fc.constantFrom('/srv/app', '/home/x', '/data'), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        passwdText,
        passwdText,
        fc.integer({ min: 1, max: 0xfffffffe }),
        id,
        fc.array(id, { maxLength: 3 }),
        config,
        async (passwd, group, uid, gid, groups, flags) => {
          const plan = planFix(await resolveConfig(flags, {}), facts(passwd, group, uid, gid, groups), {});
          if (!plan.change) return;
          const next = editPasswd(passwd, plan.change);
          // As inplace.ts writes group: the checked lines appended, nothing else touched.
          const nextGroup = plan.change.groupLines.reduce(
            (text, line) => appendLine(text, checkedGroupLine(line)),
            group,
          );
          const added = entries(next, parsePasswdLine).length - entries(passwd, parsePasswdLine).length;
          // A UID with an entry already gets none; its GIDs may still get names.
          expect(added).toBe(plan.change.passwdLine === undefined ? 0 : 1);
          if (plan.change.passwdLine === undefined) expect(['known', 'present']).toContain(plan.status);
          const before = passwd.split('\n');
          const after = next.split('\n');
          // Every old line is kept, but for the renamed one (its name alone changes).
          let changed = 0;
          for (const [i, line] of before.entries()) {
            if (i === before.length - 1 && line === '') continue;
            const now = after[i] ?? '';
            if (now === line) continue;
            if (i === before.length - 1 && now.startsWith(line)) continue;
            changed += 1;
            const rename = plan.change.rename;
            expect(rename).toBeDefined();
            expect(
              rename !== undefined &&
                line.startsWith(`${rename.from}:`) &&
                now === `${rename.to}${line.slice(rename.from.length)}`,
            ).toBe(true);
            expect(parsePasswdLine(line)?.uid).not.toBe(0);
          }
          expect(changed).toBeLessThanOrEqual(1);
          const line = plan.change.passwdLine;
          if (line !== undefined) {
            expect(line.split(':')).toHaveLength(7);
            expect(line).not.toMatch(/[\n\r\0]/);
            expect(parsePasswdLine(line)?.uid).toBe(uid);
            expect(parsePasswdLine(line)?.uid).not.toBe(0);
          }
          expect(nextGroup.startsWith(group)).toBe(true);
          const named = plan.change.groupLines.map((l) => parseGroupLine(l));
          for (const entry of named) expect(entry?.gid).not.toBe(0);
          // One line per GID, and no name given twice or to a GID that had one.
          expect(new Set(named.map((e) => e?.gid)).size).toBe(named.length);
          expect(new Set(named.map((e) => e?.name)).size).toBe(named.length);
          for (const entry of named)
            expect(entries(group, parseGroupLine).some((g) => g.name === entry?.name)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hostile names, homes and gecos never get past the configuration', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((v) => /[:\n\r\0]/.test(v)),
        async (value) => {
          for (const key of ['name', 'home', 'shell', 'gecos', 'displace'])
            await expect(resolveConfig({ [key]: value }, {})).rejects.toThrow(/invalid --/);
        },
      ),
    );
  });
});
