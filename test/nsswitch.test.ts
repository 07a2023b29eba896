import { describe, expect, it } from 'vitest';
import { libcSearchedPasswdFile, nsswitchServices } from '../src/nsswitch.js';

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

describe('libcSearchedPasswdFile: a UID the C library does not know is absent from /etc/passwd too', () => {
  it.each([
    ['files alone', 'passwd: files\n', false, true],
    ['files first, then systemd (this host)', 'passwd: files systemd\n', false, true],
    ['files first, with an action', 'passwd: files [NOTFOUND=continue] ldap\n', false, true],
    ['sss first: its NOTFOUND=return may have stopped the search', 'passwd: sss [NOTFOUND=return] files\n', false, false],
    ['compat (NIS +/- lines) is not files', 'passwd: compat\n', false, false],
    ['no passwd line: the built-in default varies with glibc', 'group: files\n', false, false],
    ['no nsswitch.conf (musl)', undefined, false, false],
    ['a preloaded library (nss_wrapper) answers instead', 'passwd: files\n', true, false],
  ])('%s', (_label, text, preloaded, expected) => {
    expect(libcSearchedPasswdFile(text, preloaded)).toBe(expected);
  });
});
