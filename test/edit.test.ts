import { describe, expect, it } from 'vitest';
import { appendLine, checkedGroupLine, editPasswd } from '../src/edit.js';

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
    expect(editPasswd(text, { rename: { from: 'ipython', to: 'builder', uid: 1001 }, passwdLine: 'ipython:x:10000:0::/home/ipython:/bin/sh' })).toBe(
      'root:x:0:0:root:/root:/bin/bash\nbuilder:x:1001:0::/home/ipython:/bin/bash\nipython:x:10000:0::/home/ipython:/bin/sh\n',
    );
  });

  it.each([
    ['a UID-0 line', { passwdLine: 'evil:x:0:0::/:/bin/sh' }, 'refusing to write a passwd line with UID 0'],
    ['a line break', { passwdLine: 'a:x:1:1::/:/bin/sh\nroot2:x:0:0::/:/bin/sh' }, 'line break'],
    ['a malformed line', { passwdLine: 'a:x:1' }, 'malformed'],
    ['renaming root', { rename: { from: 'root', to: 'builder', uid: 0 } }, 'refusing to rename an entry with UID 0'],
    ['a rename whose entry changed', { rename: { from: 'ipython', to: 'builder', uid: 7 } }, 'changed under us'],
  ])('refuses %s', (_label, change, message) => {
    expect(() => editPasswd(text, change)).toThrow(message);
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
  ])('refuses %s', (_label, line, message) => {
    expect(() => checkedGroupLine(line)).toThrow(message);
  });
});
