import { describe, expect, it } from 'vitest';
import { appendLine, checkedGroupLine, checkedPasswdLine, editPasswd, editPasswdBytes } from '../src/edit.js';
import { change } from './helpers/change.js';

describe('appendLine', () => {
  it.each([
    ['', 'a', 'a\n'],
    ['x\n', 'a', 'x\na\n'],
    ['x', 'a', 'x\na\n'],
    ['x\r\n', 'a', 'x\r\na\n'],
    ['# comment\n\n', 'a', '# comment\n\na\n'],
  ])('%j + %j', (text, line, out) => {
    expect(appendLine(text, line)).toBe(out);
  });
});

describe('editPasswd', () => {
  const text = 'root:x:0:0:root:/root:/bin/bash\nipython:x:1001:0::/home/ipython:/bin/bash\n';

  it('renames the displaced entry in place and appends the new one', () => {
    expect(
      editPasswd(
        text,
        change({
          rename: { from: 'ipython', to: 'builder', uid: 1001 },
          passwdLine: 'ipython:x:10000:0::/home/ipython:/bin/sh',
        }),
      ),
    ).toBe(
      'root:x:0:0:root:/root:/bin/bash\nbuilder:x:1001:0::/home/ipython:/bin/bash\nipython:x:10000:0::/home/ipython:/bin/sh\n',
    );
  });

  it.each([
    ['a UID-0 line', { passwdLine: 'evil:x:0:0::/:/bin/sh' }, 'refusing to write a passwd line with UID 0'],
    ['a line break', { passwdLine: 'a:x:1:1::/:/bin/sh\nroot2:x:0:0::/:/bin/sh' }, 'line break'],
    ['a malformed line', { passwdLine: 'a:x:1' }, 'malformed'],
    ['renaming root', { rename: { from: 'root', to: 'builder', uid: 0 } }, 'refusing to rename an entry with UID 0'],
    ['a rename whose entry changed', { rename: { from: 'ipython', to: 'builder', uid: 7 } }, 'changed under us'],
  ])('refuses %s', (_label, over, message) => {
    expect(() => editPasswd(text, change(over))).toThrow(message);
  });

  it('renames an entry glibc reads after blanks, where its name starts', () => {
    expect(
      editPasswd('  ipython:x:1001:0::/:/bin/sh\n', change({ rename: { from: 'ipython', to: 'builder', uid: 1001 } })),
    ).toBe('  builder:x:1001:0::/:/bin/sh\n');
  });
});

describe('editPasswdBytes', () => {
  // Latin-1 GECOS fields, as old images have them: 0xfc is not UTF-8 on its own.
  const before = Buffer.concat([
    Buffer.from('root:x:0:0:root:/root:/bin/bash\nipython:x:1001:0:J'),
    Buffer.from([0xfc]),
    Buffer.from('rgen:/home/ipython:/bin/bash\n'),
  ]);
  const after = Buffer.concat([
    Buffer.from('nobody:x:65534:65534:M'),
    Buffer.from([0xfc]),
    Buffer.from('ller:/nonexistent:/usr/sbin/nologin\n'),
  ]);
  const rename = { from: 'ipython', to: 'builder', uid: 1001 };

  it('changes only the renamed name and adds the line: every other byte, before and after, is kept', () => {
    const out = editPasswdBytes(
      Buffer.concat([before, after]),
      change({ rename, passwdLine: 'ipython:x:10000:0::/tmp:/bin/sh' }),
    );
    const renamed = Buffer.from(before.toString('latin1').replace('ipython:x:1001', 'builder:x:1001'), 'latin1');
    expect(out).toEqual(Buffer.concat([renamed, after, Buffer.from('ipython:x:10000:0::/tmp:/bin/sh\n')]));
    expect(out.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
  });

  it('writes a GECOS with letters beyond ASCII as UTF-8', () => {
    const out = editPasswdBytes(
      before,
      change({ rename, passwdLine: 'ipython:x:10000:0:J\u00fcrgen M\u00fcller:/tmp:/bin/sh' }),
    );
    expect(out.subarray(before.length)).toEqual(
      Buffer.from('ipython:x:10000:0:J\u00fcrgen M\u00fcller:/tmp:/bin/sh\n', 'utf8'),
    );
  });

  it('still refuses a line with a line break, and a UID-0 line', () => {
    expect(() =>
      editPasswdBytes(before, change({ passwdLine: 'a:x:10000:0::/tmp:/bin/sh\nroot2:x:0:0::/:/bin/sh' })),
    ).toThrow('line break');
    expect(() => editPasswdBytes(before, change({ passwdLine: 'a:x:0:0::/tmp:/bin/sh' }))).toThrow('UID 0');
  });
});

describe('checkedGroupLine', () => {
  it('lets a well-formed line through as it is', () => {
    expect(checkedGroupLine('app:x:10000:')).toBe('app:x:10000:');
  });

  it.each([
    ['a line break', 'app:x:10000:\nroot2:x:0:', 'line break'],
    ['a NUL', 'app:x:10000:\0', 'line break or NUL'],
    ['a malformed line', 'app:x', 'malformed'],
    ['a GID-0 group', 'wheel2:x:0:', 'refusing to write a group line with GID 0'],
  ])('refuses %s', (_label, line, message) => {
    expect(() => checkedGroupLine(line)).toThrow(message);
  });
});

describe('checkedPasswdLine', () => {
  it.each([
    ['a short line glibc would read', 'a:x:10000:0', 'malformed'],
    ['a line with blanks before it', ' a:x:10000:0::/:/bin/sh', 'malformed'],
  ])('refuses %s: only lines of exactly the seven fields are written', (_label, line, message) => {
    expect(() => checkedPasswdLine(line)).toThrow(message);
  });
});
