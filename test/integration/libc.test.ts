// A large /etc/passwd that nsswitch.conf gives to the files service alone is read once: our search
// answers in the C library's place unless a line may have the UID (src/run.ts, passwd.ts:
// mayHaveUid). These lines hold that answer to glibc's own, asked through getent in the same
// sandbox (through Python's pwd): every spelling glibc reads the UID from, and near misses it skips.
import { describe, expect, it } from 'vitest';
import { cliPath, fillerUsers, makeEtc, sandbox, usualNode } from '../helpers/sandbox.js';
import { LARGE_PASSWD } from '../../src/identity.js';

const node = usualNode();
const filler = fillerUsers(6000);
// Lines with "10000:" in them that are not UID 10000: another UID ending in it, a GID.
const nearMisses = 'near:x:110000:110000::/:/bin/sh\nstaff2:x:20:10000::/:/bin/sh\n';
const passwdWith = (line: string): string => `root:x:0:0:root:/root:/bin/bash\n${filler}${nearMisses}${line}\n`;
const ADDED = 'default:x:10000:0:default:/tmp/uid-entrypoint-home-10000:/bin/sh\n';

// Python's pwd: getent fails to print an entry whose shell has a colon.
const SCRIPT = `if /usr/bin/python3 -c 'import pwd; pwd.getpwuid(10000)' 2>/dev/null; then echo libc=known; else echo libc=unknown; fi; exec "$@"`;

describe('a large passwd read by the files service alone: the entrypoint knows the UID exactly when glibc does', () => {
  it('the file is large enough for that path', () => {
    expect(passwdWith('').length).toBeGreaterThanOrEqual(LARGE_PASSWD);
  });

  it.each([
    ['plain', 'app:x:10000:0:app:/home/app:/bin/sh', 'known'],
    ['leading zeros', 'app:x:010000:0::/:/bin/sh', 'known'],
    ['blanks before the line', '  \tapp:x:10000:0::/:/bin/sh', 'known'],
    ['a plus sign', 'app:x:+10000:0::/:/bin/sh', 'known'],
    ['a blank before the UID', 'app:x: 10000:0::/:/bin/sh', 'known'],
    ['only four fields', 'app:x:10000:0', 'known'],
    ['colons in the shell', 'app:x:10000:0:a:b:c:d', 'known'],
    ['no GID', 'app:x:10000:', 'unknown'],
    ['nothing after the UID', 'app:x:10000', 'unknown'],
    ['a comment', '#app:x:10000:0::/:/bin/sh', 'unknown'],
    ['a comment after blanks', ' #app:x:10000:0::/:/bin/sh', 'unknown'],
    ['a blank after the UID', 'app:x:10000 :0::/:/bin/sh', 'unknown'],
    ['a GID that is not a number', 'app:x:10000:x::/:/bin/sh', 'unknown'],
    ['a negative spelling (glibc saturates it)', 'app:x:-4294957296:0::/:/bin/sh', 'unknown'],
    ['2^32 + 10000 (glibc saturates it)', 'app:x:4294977296:0::/:/bin/sh', 'unknown'],
    ['hexadecimal', 'app:x:0x2710:0::/:/bin/sh', 'unknown'],
    ['only the near misses', '', 'unknown'],
  ])('%s: %j', async (_label, line, expected) => {
    const passwd = passwdWith(line);
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const result = await sandbox({
      etc,
      nsswitch: 'passwd: files\ngroup: files\n',
      argv: [
        'sh',
        '-c',
        SCRIPT,
        'sh',
        node.bin,
        cliPath(),
        '--log-level',
        'warn',
        '--',
        'sh',
        '-c',
        'echo "USER=$USER"',
      ],
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`libc=${expected}\nUSER=${expected === 'known' ? 'app' : 'default'}`);
    expect(etc.read().passwd).toBe(expected === 'known' ? passwd : `${passwd}${ADDED}`);
  });
});
