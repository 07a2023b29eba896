// passwd.ts reads lines as glibc's files service does. The expected entries here are glibc 2.36's
// answers for the same lines (getent, Python's pwd and grp); test/integration/glibc.test.ts asks
// glibc itself about random files.
import { describe, expect, it } from 'vitest';
import {
  countPasswdByName,
  findGroupByGid,
  findGroupByName,
  findPasswdByName,
  findPasswdByUid,
  formatGroupLine,
  formatPasswdLine,
  parseGroupLine,
  parseId,
  parsePasswdLine,
} from '../src/passwd.js';

const app = (over: Partial<ReturnType<typeof parsePasswdLine>> = {}) => ({
  name: 'app',
  password: 'x',
  uid: 10000,
  gid: 0,
  gecos: '',
  home: '/',
  shell: '/bin/sh',
  ...over,
});

describe('parsePasswdLine: as glibc reads it', () => {
  it.each([
    [
      'root:x:0:0:root:/root:/bin/bash',
      { ...app({ name: 'root', uid: 0, gecos: 'root', home: '/root', shell: '/bin/bash' }) },
    ],
    ['app:x:10000:0::/:/bin/sh\r', app({ shell: '/bin/sh\r' })],
    ['app:x:010000:0::/:/bin/sh', app()],
    ['  \tapp:x:10000:0::/:/bin/sh', app()],
    ['app:x:+10000:0::/:/bin/sh', app()],
    ['app:x: 10000:0::/:/bin/sh', app()],
    ['app:x:10000:0', app({ home: '', shell: '' })],
    ['app:x:10000:0:g', app({ gecos: 'g', home: '', shell: '' })],
    ['app:x:10000:0:a:b:c:d', app({ gecos: 'a', home: 'b', shell: 'c:d' })],
    ['app:x:10000:0::/:/bin/sh:', app({ shell: '/bin/sh:' })],
    ['app:x:10000:-0::/:/bin/sh', app()],
    ['app:x:-18446744073709541616:0::/:/bin/sh', app()],
    ['app:x:4294967295:0::/:/bin/sh', app({ uid: 4294967295 })],
    [':x:10000:0::/:/bin/sh', app({ name: '' })],
    ['app:x:10000:0::/:/bi\0n/sh', app({ shell: '/bi' })],
  ])('%j', (line, entry) => {
    expect(parsePasswdLine(line)).toEqual(entry);
  });

  it.each([
    '',
    '   ',
    '\r',
    '#app:x:10000:0::/:/bin/sh',
    ' #app:x:10000:0::/:/bin/sh',
    'app:x:10000:',
    'app:x:10000',
    'app:x:10000 :0::/:/bin/sh',
    'app:x:10000:x::/:/bin/sh',
    'app:x:1 0000:0::/:/bin/sh',
    'app:x::0::/:/bin/sh',
    'app:x: -5:0::/:/bin/sh',
    'app:x:4294967296:0::/:/bin/sh',
    'app:x:-4294957296:0::/:/bin/sh',
    'app:x:18446744073709551616:0::/:/bin/sh',
    'app:x:0x2710:0::/:/bin/sh',
    'app:x:100\u000000:0::/:/bin/sh',
    '+app:x:10000:0::/:/bin/sh',
    '-app:x:10000:0::/:/bin/sh',
    '+',
    '+@netgroup',
  ])('%j: no entry a lookup can find', (line) => {
    expect(parsePasswdLine(line)).toBeUndefined();
  });

  it('round-trips through formatPasswdLine', () => {
    const line = 'default:x:1000680000:0:default user:/tmp:/bin/sh';
    const entry = parsePasswdLine(line);
    expect(entry && formatPasswdLine(entry)).toBe(line);
  });
});

describe('parseId: strtoul, and no more than 32 bits', () => {
  it.each([
    ['0', 0],
    ['10000', 10000],
    ['4294967295', 4294967295],
    ['007', 7],
    ['+7', 7],
    [' \t7', 7],
    ['-0', 0],
    ['-18446744073709551615', 1],
    ['4294967296', undefined],
    ['-1', undefined],
    ['', undefined],
    ['7 ', undefined],
    ['x', undefined],
  ])('%j is %s', (field, id) => {
    expect(parseId(field)).toBe(id);
  });
});

describe('parseGroupLine: as glibc reads it', () => {
  const grp = (members: string[]) => ({ name: 'grp', password: 'x', gid: 5000, members });
  it.each([
    ['grp:x:5000:', grp([])],
    ['grp:x:5000', grp([])],
    ['grp:x:5000:a,b', grp(['a', 'b'])],
    ['grp:x:5000:a,,b', grp(['a', 'b'])],
    ['grp:x:5000: a, b ,c', grp(['a', 'b ', 'c'])],
    ['grp:x:5000:a, ,b', grp(['a', 'b'])],
    ['grp:x:5000:a,b,', grp(['a', 'b'])],
    ['grp:x:5000:,a', grp(['a'])],
    ['  grp:x:5000:a', grp(['a'])],
    ['grp:x: 5000:', grp([])],
    ['grp::5000:a:b', { name: 'grp', password: '', gid: 5000, members: ['a:b'] }],
  ])('%j', (line, entry) => {
    expect(parseGroupLine(line)).toEqual(entry);
  });

  it.each(['', '#grp:x:5000:', '+grp:x:5000:', 'grp:x', 'grp:x:5000 :', 'grp:x:b:'])('%j: none', (line) => {
    expect(parseGroupLine(line)).toBeUndefined();
  });

  it('formats an entry back to its line', () => {
    expect(formatGroupLine({ name: 'ssl-cert', password: 'x', gid: 103, members: ['postgres', 'app'] })).toBe(
      'ssl-cert:x:103:postgres,app',
    );
  });
});

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  '#ghost:x:10000:0::/:/bin/sh',
  ' #indented:x:10000:0::/:/bin/sh',
  'abc:x:10:10000::/home/abc:/bin/sh',
  'ab:x:11:11::/home/ab:/bin/sh',
  'broken:x:10000',
  '  app:x:10000:0::/home/app:/bin/sh',
  'app:x:10001:0::/home/app:/bin/sh',
].join('\n');

describe('finding entries as getpwuid, getpwnam, getgrgid and getgrnam do: the first one', () => {
  it('by UID and by name, past comments, malformed lines and longer names', () => {
    expect(findPasswdByUid(PASSWD, 10000)?.name).toBe('app');
    expect(findPasswdByName(PASSWD, 'app')?.uid).toBe(10000);
    expect(findPasswdByName(PASSWD, 'ab')?.uid).toBe(11);
    expect(findPasswdByName(PASSWD, 'ghost')).toBeUndefined();
    expect(countPasswdByName(PASSWD, 'app')).toBe(2);
  });

  it('by a UID spelled as glibc also reads it', () => {
    expect(findPasswdByUid('odd:x:-18446744073709541616:0::/:/bin/sh\n', 10000)?.name).toBe('odd');
  });

  it('by GID and by name in group', () => {
    const group = 'root:x:0:\nusers:x:100:a\n  staff:x:50:\n';
    expect(findGroupByGid(group, 100)?.name).toBe('users');
    expect(findGroupByGid(group, 50)?.name).toBe('staff');
    expect(findGroupByGid(group, 10)).toBeUndefined();
    expect(findGroupByName(group, 'staff')?.gid).toBe(50);
  });

  it('on the last line of a file without a final newline, and in CRLF files', () => {
    expect(findPasswdByUid('a:x:1:1::/:/bin/sh\r\nb:x:2:2::/:/bin/sh', 2)?.name).toBe('b');
    expect(findPasswdByUid('a:x:1:1::/:/bin/sh\r\nb:x:2:2::/:/bin/sh\r\n', 1)?.shell).toBe('/bin/sh\r');
  });
});
