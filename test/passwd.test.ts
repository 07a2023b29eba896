import { describe, expect, it } from 'vitest';
import {
  findGroupByGid,
  findLine,
  findPasswdByName,
  findPasswdByUid,
  formatGroupLine,
  formatPasswdLine,
  mayHaveUid,
  parseGroupLine,
  parsePasswdLine,
} from '../src/passwd.js';

describe('parsePasswdLine', () => {
  it.each([
    [
      'root:x:0:0:root:/root:/bin/bash',
      { name: 'root', password: 'x', uid: 0, gid: 0, gecos: 'root', home: '/root', shell: '/bin/bash' },
    ],
    [
      'app:x:10000:0::/home/app:/bin/sh\r',
      { name: 'app', password: 'x', uid: 10000, gid: 0, gecos: '', home: '/home/app', shell: '/bin/sh' },
    ],
    [
      'big:*:4294967295:1:,,,:/:',
      { name: 'big', password: '*', uid: 4294967295, gid: 1, gecos: ',,,', home: '/', shell: '' },
    ],
  ])('parses %j', (line, entry) => {
    expect(parsePasswdLine(line)).toEqual(entry);
  });

  it.each([
    '',
    '# comment:x:0:0::/:/bin/sh',
    ' \t#indented:x:1:1::/:/bin/sh',
    'short:x:1:1',
    'eight:x:1:1:g:/h:/s:extra',
    'neg:x:-1:0::/:/bin/sh',
    'lead:x:01:0::/:/bin/sh',
    'huge:x:4294967296:0::/:/bin/sh',
    ':x:1:1::/:/bin/sh',
  ])('keeps %j out (comment, blank or malformed)', (line) => {
    expect(parsePasswdLine(line)).toBeUndefined();
  });

  it('a group line after blanks and # is a comment too', () => {
    expect(parseGroupLine('  #users:x:100:')).toBeUndefined();
  });

  it('round-trips through formatPasswdLine', () => {
    const line = 'default:x:1000680000:0:default user:/tmp:/bin/sh';
    const entry = parsePasswdLine(line);
    expect(entry && formatPasswdLine(entry)).toBe(line);
  });
});

describe('parseGroupLine', () => {
  it.each([
    ['root:x:0:', { name: 'root', password: 'x', gid: 0, members: [] }],
    ['ssl-cert:x:103:postgres,app', { name: 'ssl-cert', password: 'x', gid: 103, members: ['postgres', 'app'] }],
  ])('parses %j and formats it back', (line, entry) => {
    expect(parseGroupLine(line)).toEqual(entry);
    expect(formatGroupLine(entry)).toBe(line);
  });

  it.each(['', '#x:x:1:', 'a:x:1', 'a:x:b:'])('keeps %j out', (line) => {
    expect(parseGroupLine(line)).toBeUndefined();
  });
});

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  '#ghost:x:10000:0::/:/bin/sh',
  ' #indented:x:10000:0::/:/bin/sh',
  'abc:x:10:10000::/home/abc:/bin/sh',
  'ab:x:11:11::/home/ab:/bin/sh',
  'broken:x:10000',
  'app:x:10000:0::/home/app:/bin/sh',
].join('\n');

describe('finding lines', () => {
  it.each([
    ['name ab, not the longer abc', 0, 'ab', 'ab:x:11:11::/home/ab:/bin/sh'],
    ['a UID, not the same number as a GID or in a comment', 2, '10000', 'broken:x:10000'],
    ['nothing for an absent name', 0, 'zz', undefined],
  ])('findLine: %s', (_label, field, value, text) => {
    expect(findLine(PASSWD, field, value)?.text).toBe(text);
  });

  it('skips malformed lines when asked for entries', () => {
    expect(findPasswdByUid(PASSWD, 10000)?.name).toBe('app');
    expect(findPasswdByName(PASSWD, 'abc')?.uid).toBe(10);
    expect(findPasswdByName(PASSWD, 'ghost')).toBeUndefined();
    expect(findGroupByGid('root:x:0:\nusers:x:100:a\n', 100)?.name).toBe('users');
    expect(findGroupByGid('root:x:0:\nusers:x:100:a\n', 10)).toBeUndefined();
  });

  it('finds an entry on the last line of a file without a final newline, and in CRLF files', () => {
    expect(findPasswdByUid('a:x:1:1::/:/bin/sh\r\nb:x:2:2::/:/bin/sh', 2)?.name).toBe('b');
    expect(findPasswdByUid('a:x:1:1::/:/bin/sh\r\nb:x:2:2::/:/bin/sh\r\n', 1)?.shell).toBe('/bin/sh');
  });
});

describe('mayHaveUid: a line the C library may read the UID from', () => {
  it.each([
    ['app:x:10000:0::/:/bin/sh', true],
    ['app:x:010000:0::/:/bin/sh', true],
    ['\t app:x:+10000:0::/:/bin/sh', true],
    ['app:x: 10000:0', true],
    ['other:x:110000:0::/:/bin/sh\nstaff:x:20:10000::/:/bin/sh', false],
    ['#app:x:10000:0::/:/bin/sh\n  #app:x:10000:0::/:/bin/sh', false],
    ['app:x:10000 :0::/:/bin/sh', false],
    ['app:x:0x2710:0::/:/bin/sh', false],
    ['', false],
  ])('%j: %s', (text, expected) => {
    expect(mayHaveUid(text, 10000)).toBe(expected);
  });
});
