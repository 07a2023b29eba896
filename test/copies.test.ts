// copies.ts on real temp files: the copies nss-wrapper mode writes, where, and what it leaves
// when a temp directory fails. nsscopy.test.ts holds the copies' text to the rules.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNssWrapperFiles } from '../src/copies.js';
import type { FileChange } from '../src/plan.js';
import { change } from './helpers/change.js';

const ROOT = 'root:x:0:0:root:/root:/bin/bash';
const LINE = 'default:x:10000:0:default:/tmp:/bin/sh';
const GROUP_LINE = 'default:x:5000:';

/** A fresh directory with passwd and group holding `passwd` and `group` (undefined: no file). */
const etc = (passwd: string | undefined, group: string | undefined): { dir: string; passwd: string; group: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-copies-'));
  const paths = { dir, passwd: join(dir, 'passwd'), group: join(dir, 'group') };
  if (passwd !== undefined) writeFileSync(paths.passwd, passwd);
  if (group !== undefined) writeFileSync(paths.group, group);
  return paths;
};

describe('writeNssWrapperFiles', () => {
  it.each([
    [
      'appends to copies of both files',
      `${ROOT}\n`,
      'root:x:0:\n',
      change({ passwdLine: LINE, groupLines: [GROUP_LINE] }),
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'repairs a missing final line break in the copy',
      ROOT,
      'root:x:0:',
      change({ passwdLine: LINE, groupLines: [GROUP_LINE] }),
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'copies group when no group line is added',
      `${ROOT}\n`,
      'root:x:0:\n',
      change({ passwdLine: LINE }),
      `${ROOT}\n${LINE}\n`,
      'root:x:0:\n',
    ],
    [
      'renames in the copy',
      `${ROOT}\ndefault:x:1000:1000::/home/default:/bin/sh\n`,
      '',
      change({ passwdLine: LINE, rename: { from: 'default', to: 'builder', uid: 1000 } }),
      `${ROOT}\nbuilder:x:1000:1000::/home/default:/bin/sh\n${LINE}\n`,
      '',
    ],
    [
      "puts the UID's line in front of the runtime's placeholder",
      `${ROOT}\n10000:x:10000:0:10000 user:/:/sbin/nologin\n`,
      '',
      change({ passwdLine: LINE, before: '10000' }),
      `${ROOT}\n${LINE}\n10000:x:10000:0:10000 user:/:/sbin/nologin\n`,
      '',
    ],
    [
      'leaves out what nss_wrapper cannot read, and blanks glibc skips',
      `# users\n${ROOT}\n\n  app:x:1:1::/:/bin/sh\n+::::::\n`,
      '# groups\nroot:x:0:\n+\n',
      change({ passwdLine: LINE }),
      `${ROOT}\napp:x:1:1::/:/bin/sh\n${LINE}\n`,
      'root:x:0:\n',
    ],
    [
      'missing files give files of just the new lines',
      undefined,
      undefined,
      change({ passwdLine: LINE, groupLines: [GROUP_LINE] }),
      `${LINE}\n`,
      `${GROUP_LINE}\n`,
    ],
    [
      'a missing group with nothing to add gives an empty one',
      `${ROOT}\n`,
      undefined,
      change({ passwdLine: LINE }),
      `${ROOT}\n${LINE}\n`,
      '',
    ],
  ] as [string, string | undefined, string | undefined, FileChange, string, string][])(
    '%s',
    (_label, passwd, group, planned, expectedPasswd, expectedGroup) => {
      const sources = etc(passwd, group);
      const out = writeNssWrapperFiles(planned, sources, 10000, [sources.dir]);
      expect(readFileSync(out.passwd, 'utf8')).toBe(expectedPasswd);
      expect(readFileSync(out.group, 'utf8')).toBe(expectedGroup);
      expect(statSync(out.passwd).mode & 0o777).toBe(0o644);
      expect(statSync(out.group).mode & 0o777).toBe(0o644);
      expect(statSync(out.dir).mode & 0o777).toBe(0o700);
      // The originals are untouched.
      if (passwd !== undefined) expect(readFileSync(sources.passwd, 'utf8')).toBe(passwd);
      if (group !== undefined) expect(readFileSync(sources.group, 'utf8')).toBe(group);
    },
  );

  it('hands nss_wrapper the group file itself when nothing is added to it and it reads it as glibc does', () => {
    const plain = etc(`${ROOT}\n`, 'root:x:0:\n');
    expect(writeNssWrapperFiles(change({ passwdLine: LINE }), plain, 10000, [plain.dir]).group).toBe(plain.group);
    const odd = etc(`${ROOT}\n`, '# groups\nroot:x:0:\n');
    const out = writeNssWrapperFiles(change({ passwdLine: LINE }), odd, 10000, [odd.dir]);
    expect(out.group).toBe(join(out.dir, 'group'));
    expect(readFileSync(out.group, 'utf8')).toBe('root:x:0:\n');
  });

  it('gives the copy mode 0644 even when the source is read-only (0444)', () => {
    const sources = etc(`${ROOT}\n`, '');
    chmodSync(sources.passwd, 0o444);
    const out = writeNssWrapperFiles(change({ passwdLine: LINE }), sources, 10000, [sources.dir]);
    expect(readFileSync(out.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
    expect(statSync(out.passwd).mode & 0o777).toBe(0o644);
  });

  it('refuses a UID-0 line or a GID-0 group before writing anything', () => {
    const sources = etc(`${ROOT}\n`, '');
    const base = join(sources.dir, 'tmp');
    mkdirSync(base);
    expect(() => writeNssWrapperFiles(change({ passwdLine: 'evil:x:0:0::/:/bin/sh' }), sources, 10000, [base])).toThrow(
      /UID 0/,
    );
    expect(() => writeNssWrapperFiles(change({ groupLines: ['evil:x:0:'] }), sources, 10000, [base])).toThrow(/GID 0/);
    expect(readdirSync(base)).toEqual([]);
  });

  it('tries the next temp directory when one cannot be written, and leaves nothing in the one that failed', () => {
    const sources = etc(`${ROOT}\n`, '');
    const missing = join(sources.dir, 'missing');
    const out = writeNssWrapperFiles(change({ passwdLine: LINE }), sources, 10000, [missing, sources.dir]);
    expect(out.dir.startsWith(`${sources.dir}/uid-entrypoint-`)).toBe(true);
    expect(existsSync(missing)).toBe(false);
  });

  it('names every temp directory that failed, and what to do', () => {
    const sources = etc(`${ROOT}\n`, '');
    expect(() =>
      writeNssWrapperFiles(change({ passwdLine: LINE }), sources, 10000, ['/nonexistent-a', '/nonexistent-b']),
    ).toThrow(
      'no temp directory took the nss_wrapper files (/nonexistent-a: ENOENT, /nonexistent-b: ENOENT); set TMPDIR to a writable directory or mount a tmpfs on /tmp',
    );
  });
});
