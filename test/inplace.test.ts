// inplace.ts on real temp files: the bytes passwd mode leaves behind, and what it does when another
// start got there first or a write fails.
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileVersion } from '../src/facts.js';
import { applyInPlace, NameTaken, rewriteTail } from '../src/inplace.js';
import { netBind } from '../src/lock.js';
import type { FileChange } from '../src/plan.js';
import { change } from './helpers/change.js';

const ROOT = 'root:x:0:0:root:/root:/bin/bash';
const LINE = 'default:x:10000:0:default:/tmp:/bin/sh';
const GROUP_LINE = 'default:x:5000:';

/** A fresh directory with passwd and group holding `passwd` and `group`. */
const etc = (passwd: string, group: string): { dir: string; passwd: string; group: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-inplace-'));
  const paths = { dir, passwd: join(dir, 'passwd'), group: join(dir, 'group') };
  writeFileSync(paths.passwd, passwd);
  writeFileSync(paths.group, group);
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
    const path = join(mkdtempSync(join(tmpdir(), 'uid-entrypoint-inplace-')), 'passwd');
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

describe('applyInPlace', () => {
  it.each([
    [
      'appends the line and the group line',
      `${ROOT}\n`,
      'root:x:0:\n',
      change({ passwdLine: LINE, groupLines: [GROUP_LINE] }),
      { user: 'written', groups: [{ gid: 5000, name: 'default' }] },
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'repairs a missing final line break',
      ROOT,
      'root:x:0:',
      change({ passwdLine: LINE, groupLines: [GROUP_LINE] }),
      { user: 'written', groups: [{ gid: 5000, name: 'default' }] },
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\n${GROUP_LINE}\n`,
    ],
    [
      'adds nothing for the UID when it is already there, and no group whose GID is named since',
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\nother:x:5000:\n`,
      change({ passwdLine: LINE, groupLines: [GROUP_LINE] }),
      { user: 'present', groups: [] },
      `${ROOT}\n${LINE}\n`,
      `root:x:0:\nother:x:5000:\n`,
    ],
    [
      'renames in place, then appends',
      `${ROOT}\ndefault:x:1000:1000::/h:/bin/sh\n`,
      '',
      change({ passwdLine: LINE, rename: { from: 'default', to: 'builder', uid: 1000 } }),
      { user: 'written', groups: [] },
      `${ROOT}\nbuilder:x:1000:1000::/h:/bin/sh\n${LINE}\n`,
      '',
    ],
    [
      'a known UID: only the group lines, two of them in one write',
      `${ROOT}\n`,
      'root:x:0:\n',
      change({ groupLines: [GROUP_LINE, 'group-7000:x:7000:'] }),
      {
        user: 'none',
        groups: [
          { gid: 5000, name: 'default' },
          { gid: 7000, name: 'group-7000' },
        ],
      },
      `${ROOT}\n`,
      `root:x:0:\n${GROUP_LINE}\ngroup-7000:x:7000:\n`,
    ],
  ] as [string, string, string, FileChange, object, string, string][])(
    '%s',
    async (_label, passwd, group, planned, outcome, expectedPasswd, expectedGroup) => {
      const paths = etc(passwd, group);
      expect(await applyInPlace(planned, 10000, paths, netBind)).toEqual(outcome);
      expect(readFileSync(paths.passwd, 'utf8')).toBe(expectedPasswd);
      expect(readFileSync(paths.group, 'utf8')).toBe(expectedGroup);
    },
  );

  it('stops when another start took the login name for another UID since the plan: the plan is made again', async () => {
    const paths = etc(`${ROOT}\ndefault:x:10001:0::/:/bin/sh\n`, '');
    await expect(applyInPlace(change({ passwdLine: LINE }), 10000, paths, netBind)).rejects.toBeInstanceOf(NameTaken);
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\ndefault:x:10001:0::/:/bin/sh\n`);
  });

  it('reports a group file it cannot write after the UID line, and keeps the UID line', async () => {
    const paths = etc(`${ROOT}\n`, '');
    const outcome = await applyInPlace(
      change({ passwdLine: LINE, groupLines: [GROUP_LINE] }),
      10000,
      { ...paths, group: join(paths.dir, 'missing') },
      netBind,
    );
    expect(outcome).toMatchObject({ user: 'written', groups: [], groupError: { code: 'ENOENT' } });
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
  });

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
    expect((await applyInPlace(change({ passwdLine: LINE, basis }), 10000, paths, netBind)).user).toBe('present');
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
  });

  it('searches again when the file was replaced by one of the same length: nothing added', async () => {
    const paths = etc(`${ROOT}\n${LINE}\n`, '');
    const stale = { ...basisOf(paths.passwd), ino: basisOf(paths.passwd).ino + 1 };
    expect((await applyInPlace(change({ passwdLine: LINE, basis: stale }), 10000, paths, netBind)).user).toBe(
      'present',
    );
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
  });

  it('trusts a file no start has written since the plan found no entry in it: one line appended', async () => {
    const paths = etc(`${ROOT}\n`, '');
    const basis = basisOf(paths.passwd);
    expect((await applyInPlace(change({ passwdLine: LINE, basis }), 10000, paths, netBind)).user).toBe('written');
    expect(readFileSync(paths.passwd, 'utf8')).toBe(`${ROOT}\n${LINE}\n`);
  });
});
