import { describe, expect, it } from 'vitest';
import { nsswitchServices, passwdRole } from '../src/nsswitch.js';

describe('nsswitchServices', () => {
  it.each([
    ['Debian bookworm', 'passwd:         files\ngroup:          files\n', ['files']],
    ['with systemd', 'passwd:         files systemd\n', ['files', 'systemd']],
    ['action items left out', 'passwd: sss [NOTFOUND=return] files\n', ['sss', 'files']],
    ['no space after the colon', 'passwd:files\n', ['files']],
    ['comments, and a commented-out line first', '# passwd: ldap\npasswd: files # local only\n', ['files']],
    ['only the database asked for', 'passwdx: ldap\nshadow: files\npasswd: compat\n', ['compat']],
    ['tabs and CRLF', 'passwd:\tfiles\tldap\r\n', ['files', 'ldap']],
  ])('%s', (_label, text, expected) => {
    expect(nsswitchServices(text, 'passwd')).toEqual(expected);
  });

  it('undefined without a line for the database', () => {
    expect(nsswitchServices('group: files\n#passwd: files\n', 'passwd')).toBeUndefined();
  });
});

describe("passwdRole: what /etc/passwd is to the C library's lookup of a UID", () => {
  it.each([
    ['files alone: the file is the whole answer', 'passwd: files\n', false, 'only'],
    ['files alone, with an action', 'passwd: files [NOTFOUND=return]\n', false, 'only'],
    ['files first, then systemd (this host)', 'passwd: files systemd\n', false, 'first'],
    ['files first, with an action', 'passwd: files [NOTFOUND=continue] ldap\n', false, 'first'],
    [
      'sss first: its NOTFOUND=return may have stopped the search',
      'passwd: sss [NOTFOUND=return] files\n',
      false,
      'other',
    ],
    ['compat (NIS +/- lines) is not files', 'passwd: compat\n', false, 'other'],
    ['no passwd line: the built-in default varies with glibc', 'group: files\n', false, 'other'],
    ['no nsswitch.conf (musl)', undefined, false, 'other'],
    ['a preloaded library (nss_wrapper) or nscd answers instead', 'passwd: files\n', true, 'other'],
    ['the same with files first', 'passwd: files systemd\n', true, 'other'],
  ])('%s', (_label, text, preloaded, expected) => {
    expect(passwdRole(text, preloaded)).toBe(expected);
  });
});
