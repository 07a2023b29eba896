// rewriteTail on real temp files: one positioned write from the first changed byte, never a truncation.
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteTail } from '../src/apply.js';

describe('rewriteTail', () => {
  it.each([
    ['an append', 'a:x:1:1::/:/bin/sh\n', 'a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh\n', 'a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh\n'],
    ['a longer rename', 'a:x:1:1::/:/bin/sh\nzz\n', 'abc:x:1:1::/:/bin/sh\nzz\n', 'abc:x:1:1::/:/bin/sh\nzz\n'],
    ['a shorter text is padded with blank lines, not truncated', 'abc:x:1:1::/:/bin/sh\n', 'a:x:1:1::/:/bin/sh\n', 'a:x:1:1::/:/bin/sh\n\n\n'],
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
