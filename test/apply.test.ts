// apply.ts on real temp files: the bytes passwd mode and nss_wrapper mode leave behind.
import {
  appendFileSync,
  chmodSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPasswd, rewriteTail, writeNssWrapperFiles } from '../src/apply.js';
import type { FileVersion } from '../src/facts.js';
import type { FileChange } from '../src/plan.js';
import { netBind } from '../src/lock.js';

const ROOT = 'root:x:0:0:root:/root:/bin/bash';
const LINE = 'default:x:10000:0:default:/tmp:/bin/sh';
const GROUP_LINE = 'default:x:10000:';

/** A fresh directory with passwd and group holding `passwd` and `group` (undefined: no file). */
const etc = (passwd: string | undefined, group: string | undefined): { dir: string; passwd: string; group: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-apply-'));
  const paths = { dir, passwd: join(dir, 'passwd'), group: join(dir, 'group') };
  if (passwd !== undefined) writeFileSync(paths.passwd, passwd);
  if (group !== undefined) writeFileSync(paths.group, group);
  return paths;
};

describe('rewriteTail', () => {
  it.each([
    [
      'an append',
      'a:x:1:1::/:/bin/sh\n',
      'a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh\n',
      'a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh\n',
    ],
    ['a longer rename', 'a:x:1:1::/:/bin/sh\nzz\n', 'abc:x:1:1::/:/bin/sh\nzz\n', 'abc:x:1:1::/:/bin/sh\nzz\n'],
    [
      'a shorter text is padded with blank lines, not truncated',
      'abc:x:1:1::/:/bin/sh\n',
      'a:x:1:1::/:/bin/sh\n',
      'a:x:1:1::/:/bin/sh\n\n\n',
    ],
  ])('%s', (_label, old, next, expected) => {
    const path = join(mkdtempSync(join(tmpdir(), 'uid-entrypoint-apply-')), 'passwd');
    writeFileSync(path, old);
    const fd = openSync(path, 'r+');
    try {
      rewriteTail(fd, Buffer.from(old), Buffer.from(next));
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });
});

describe('writeNssWrapperFiles', () => {
  it.each([
    [
      'appends to copies of both files',
      `${ROOT}\n`,
      'root:x:0:\n',
      { passwdLine: LINE, groupLine: GROUP_LINE },
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'repairs a missing final line break in the copy',
      ROOT,
      'root:x:0:',
      { passwdLine: LINE, groupLine: GROUP_LINE },
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'leaves group as it is when no group is added',
      `${ROOT}\n`,
      'root:x:0:\n',
      { passwdLine: LINE },
      `${ROOT}\n${LINE}\n`,
      'root:x:0:\n',
    ],
    [
      'renames in the copy',
      `${ROOT}\ndefault:x:1000:1000::/home/default:/bin/sh\n`,
      '',
      { passwdLine: LINE, rename: { from: 'default', to: 'builder', uid: 1000 } },
      `${ROOT}\nbuilder:x:1000:1000::/home/default:/bin/sh\n${LINE}\n`,
      '',
    ],
    [
      'missing files give files of just the new lines',
      undefined,
      undefined,
      { passwdLine: LINE, groupLine: GROUP_LINE },
      `${LINE}\n`,
      `${GROUP_LINE}\n`,
    ],
    [
      'a missing group with nothing to add gives an empty one',
      `${ROOT}\n`,
      undefined,
      { passwdLine: LINE },
      `${ROOT}\n${LINE}\n`,
      '',
    ],
  ] as [string, string | undefined, string | undefined, FileChange, string, string][])(
    '%s',
    (_label, passwd, group, change, expectedPasswd, expectedGroup) => {
      const sources = etc(passwd, group);
      const out = writeNssWrapperFiles(change, sources, [sources.dir]);
      expect(readFileSync(out.passwd, 'utf8')).toBe(expectedPasswd);
      expect(readFileSync(out.group, 'utf8')).toBe(expectedGroup);
      expect(statSync(out.passwd).mode & 0o777).toBe(0o644);
      expect(statSync(out.dir).mode & 0o777).toBe(0o700);
      // The originals are untouched; group is copied only to add to it (or when there is none).
      if (passwd !== undefined) expect(readFileSync(sources.passwd, 'utf8')).toBe(passwd);
      if (group !== undefined) expect(readFileSync(sources.group, 'utf8')).toBe(group);
      expect(out.group).toBe(
        group !== undefined && change.groupLine === undefined ? sources.group : join(out.dir, 'group'),
      );
    },
  );

  it('gives the copy mode 0644 even when the source is read-only (0444)', () => {
    const sources = etc(`${ROOT}\n`, '');
    chmodSync(sources.passwd, 0o444);
    const out = writeNssWrapperFiles({ passwdLine: LINE }, sources, [sources.dir]);
    expect(readFileSync(out.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
    expect(statSync(out.passwd).mode & 0o777).toBe(0o644);
  });

  it('refuses a UID-0 line before writing anything', () => {
    const sources = etc(`${ROOT}\n`, '');
    expect(() =>
      writeNssWrapperFiles({ passwdLine: 'evil:x:0:0::/:/bin/sh' }, sources, [join(sources.dir, 'tmp')]),
    ).toThrow(/UID 0/);
  });
});

describe('applyPasswd', () => {
  it.each([
    [
      'appends the line and the group line',
      `${ROOT}\n`,
      'root:x:0:\n',
      { passwdLine: LINE, groupLine: GROUP_LINE },
      'written',
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'repairs a missing final line break',
      ROOT,
      'root:x:0:',
      { passwdLine: LINE, groupLine: GROUP_LINE },
      'written',
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'adds nothing when the UID is already there',
      `${ROOT}\n${LINE}\n`,
      'root:x:0:\n',
      { passwdLine: LINE, groupLine: GROUP_LINE },
      'present',
      `${ROOT}\n${LINE}\n`,
      'root:x:0:\n',
    ],
    [
      'renames in place, then appends',
      `${ROOT}\ndefault:x:1000:1000::/h:/bin/sh\n`,
      '',
      { passwdLine: LINE, rename: { from: 'default', to: 'builder', uid: 1000 } },
      'written',
      `${ROOT}\nbuilder:x:1000:1000::/h:/bin/sh\n${LINE}\n`,
      '',
    ],
  ] as [string, string, string, FileChange, string, string, string][])(
    '%s',
    async (_label, passwd, group, change, outcome, expectedPasswd, expectedGroup) => {
      const paths = etc(passwd, group);
      expect(await applyPasswd(change, 10000, paths, netBind)).toBe(outcome);
      expect(readFileSync(paths.passwd, 'utf8')).toBe(expectedPasswd);
      expect(readFileSync(paths.group, 'utf8')).toBe(expectedGroup);
    },
  );

  /** The file as a plan would record it (FileChange.basis). */
  const basisOf = (path: string): FileVersion => {
    const { dev, ino, size } = statSync(path);
    return { dev, ino, size };
  };

  it('searches again when another start has written since the plan looked: nothing added', async () => {
    const paths = etc(`${ROOT}\n`, '');
    const basis = basisOf(paths.passwd);
    // A racing start appends the UID's entry after the plan looked.
    appendFileSync(paths.passwd, `${LINE}\n`);
    expect(await applyPasswd({ passwdLine: LINE, basis }, 10000, paths, netBind)).toBe('present');
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
  });

  it('searches again when the file was replaced by one of the same length: nothing added', async () => {
    const paths = etc(`${ROOT}\n${LINE}\n`, '');
    const stale = { ...basisOf(paths.passwd), ino: basisOf(paths.passwd).ino + 1 };
    expect(await applyPasswd({ passwdLine: LINE, basis: stale }, 10000, paths, netBind)).toBe('present');
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
  });

  it('trusts a file no start has written since the plan found no entry in it: one line appended', async () => {
    const paths = etc(`${ROOT}\n`, '');
    expect(await applyPasswd({ passwdLine: LINE, basis: basisOf(paths.passwd) }, 10000, paths, netBind)).toBe(
      'written',
    );
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
  });
});
