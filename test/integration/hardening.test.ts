// Hostile input, concurrent starts, crashes and odd files, against the installed CLI in the sandbox.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePasswdLine } from '../../src/passwd.js';
import { cliPath, fillerUsers, keyValues, makeEtc, nodes, sandbox, usualNode } from '../helpers/sandbox.js';

const node = usualNode();
const cli = (...args: string[]): string[] => [node.bin, cliPath(), ...args];
const HOME = '/tmp/uid-entrypoint-home-10000';
const ENTRY = `default:x:10000:0:default:${HOME}:/bin/sh`;

describe('hostile configuration: exit 64, the option, the value and the rule named, files unchanged', () => {
  const NAME_RULE = 'must be a portable login name';
  const PATH_RULE = "must be an absolute path without ':', newline, carriage return or NUL";
  const FIELD_RULE = "must not contain ':', newline, carriage return or NUL";
  it.each([
    ['--name', 'a\nb', NAME_RULE],
    ['--name', 'a\rb', NAME_RULE],
    ['--name', 'a:b', NAME_RULE],
    ['--name', 'Admin', NAME_RULE],
    ['--name', '-rf', NAME_RULE],
    ['--name', '', NAME_RULE],
    ['--name', 'a'.repeat(64), NAME_RULE],
    ['--home', '/x\nroot::0:0::/:/bin/sh', PATH_RULE],
    ['--home', '/x\r', PATH_RULE],
    ['--home', '/a:b', PATH_RULE],
    ['--home', 'relative/home', PATH_RULE],
    ['--shell', '/bin/sh\nx', PATH_RULE],
    ['--shell', '/bin:sh', PATH_RULE],
    ['--shell', 'sh', PATH_RULE],
    ['--gecos', 'a\nb', FIELD_RULE],
    ['--gecos', 'a\rb', FIELD_RULE],
    ['--gecos', 'a:b', FIELD_RULE],
    ['--mode', 'root', 'must be one of auto, passwd, nss-wrapper, env'],
    ['--log-level', 'verbose', 'must be one of silent, warn, info, debug'],
  ])('%s %j, as a flag and as UID_ENTRYPOINT_*', async (flag, value, rule) => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const variable = `UID_ENTRYPOINT_${flag.slice(2).replace(/-/g, '_').toUpperCase()}`;
    // `env -i` cannot carry a NUL or a newline safely through argv for the environment form, so
    // newline values go by flag only.
    const viaFlag = await sandbox({ etc, argv: cli(`${flag}=${value}`, '--', 'whoami') });
    expect(viaFlag.exitCode).toBe(64);
    expect(viaFlag.stderr).toContain(`invalid ${flag} ${JSON.stringify(value)}: ${rule}`);
    expect(viaFlag.stdout).toBe('');
    const viaEnv = await sandbox({ etc, env: { [variable]: value }, argv: cli('--', 'whoami') });
    expect(viaEnv.exitCode).toBe(64);
    expect(viaEnv.stderr).toContain(`invalid ${flag} (from ${variable}) ${JSON.stringify(value)}: ${rule}`);
    expect(etc.read()).toEqual(before);
  });
});

describe('UID 0 is never displaced, shadowed or written', () => {
  const passwd =
    'root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0:second root:/root:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n';
  it.each([['root'], ['toor']])('--name %s: nothing written; --strict exits 78', async (name) => {
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const result = await sandbox({ etc, argv: cli('--name', name, '--', 'sh', '-c', 'id -u; echo "$USER"') });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`10000\n${name}`);
    expect(result.stderr).toContain(`the name ${name} belongs to UID 0, which is never displaced`);
    const strict = await sandbox({ etc, argv: cli('--strict', '--name', name, '--', 'true') });
    expect(strict.exitCode).toBe(78);
    expect(etc.read().passwd).toBe(passwd);
  });

  it('--displace root is refused: the name is taken', async () => {
    const etc = makeEtc(0o664, { passwd: `${passwd}app:x:1001:0::/home/app:/bin/sh\n`, group: 'root:x:0:\n' });
    const before = etc.read();
    const result = await sandbox({ etc, argv: cli('--name', 'app', '--displace', 'root', '--', 'true') });
    expect(result.stderr).toContain('the --displace name root is taken too');
    expect(etc.read()).toEqual(before);
  });
});

describe('concurrency and crashes', () => {
  // --pending-deprecation makes Node warn about deprecated APIs: none is used, and nothing may land
  // in the container's log.
  it.each(nodes())(
    '30 entrypoints started at once as the same UID add exactly one entry, and warn about nothing ($label)',
    async ({ bin, cli: script }) => {
      const etc = makeEtc(0o664);
      const before = etc.read().passwd;
      const burst = `for i in $(seq 1 30); do setpriv --reuid=10000 --regid=0 --clear-groups ${bin} ${script} --log-level warn -- whoami & done; wait`;
      const result = await sandbox({
        etc,
        uid: 0,
        gid: 0,
        env: { NODE_OPTIONS: '--pending-deprecation' },
        argv: ['sh', '-c', burst],
        timeout: 120_000,
      });
      expect(result.stdout.split('\n')).toEqual(Array(30).fill('default'));
      expect(result.stderr).toBe('');
      expect(etc.read().passwd).toBe(`${before}${ENTRY}\n`);
    },
  );

  it('SIGKILL at random moments while the entry is written: original intact, never a half line, at most one entry', async () => {
    const etc = makeEtc(0o664);
    const original = etc.read().passwd;
    const out = mkdtempSync(join(etc.dir, 'out-'));
    chmodSync(out, 0o777);
    writeFileSync(join(etc.dir, 'original'), original);
    const [bin, script] = cli();
    const trials = 40;
    // Node needs ~80-110 ms to reach the write here; kill anywhere from well before to well after it.
    const loop = `i=0; while [ $i -lt ${trials} ]; do
      cat ${etc.dir}/original > /etc/passwd
      ${bin} ${script} --log-level silent -- true & pid=$!
      sleep 0.$(( 40 + $(od -An -N1 -tu1 /dev/urandom) / 2 ))
      kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
      cp /etc/passwd ${out}/passwd.$i; i=$((i+1)); done`;
    const result = await sandbox({ etc, argv: ['sh', '-c', loop], timeout: 240_000 });
    expect(result.exitCode).toBe(0);
    const outcomes = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));
    expect(outcomes).toHaveLength(trials);
    for (const text of outcomes) {
      expect(text.startsWith(original)).toBe(true);
      expect([original, `${original}${ENTRY}\n`]).toContain(text);
    }
  }, 300_000);
});

describe('odd files', () => {
  const base = 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin';
  it.each([
    ['no trailing newline', base, `${base}\n${ENTRY}\n`],
    ['CRLF line ends', `${base.replace(/\n/g, '\r\n')}\r\n`, `${base.replace(/\n/g, '\r\n')}\r\n${ENTRY}\n`],
    ['comments and blank lines', `# passwd\n\n${base}\n\n# end\n`, `# passwd\n\n${base}\n\n# end\n${ENTRY}\n`],
  ])('%s: kept as they were, the entry on a line of its own', async (_label, passwd, expected) => {
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const result = await sandbox({ etc, argv: cli('--', 'whoami') });
    expect(result.stdout).toBe('default');
    expect(etc.read().passwd).toBe(expected);
  });

  it('duplicate names: the ambiguous owner is not displaced and nothing is written', async () => {
    const passwd = `${base}\ndefault:x:2001:0::/:/bin/sh\ndefault:x:2002:0::/:/bin/sh\n`;
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const result = await sandbox({ etc, argv: cli('--', 'sh', '-c', 'echo "$USER"') });
    expect(result.stdout).toBe('default');
    expect(result.stderr).toContain('belongs to more than one entry');
    expect(etc.read().passwd).toBe(passwd);
  });

  it('a 100,000-line passwd: one line appended, every line kept', async () => {
    const passwd = `${base}\n${fillerUsers(100_000)}`;
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const result = await sandbox({ etc, argv: cli('--', 'whoami') });
    expect(result.stdout).toBe('default');
    expect(etc.read().passwd).toBe(`${passwd}${ENTRY}\n`);
  });

  const withEtcDir = (prepare: (dir: string) => void) => {
    const etc = makeEtc(0o644);
    const dir = join(etc.dir, 'etc');
    mkdirSync(dir, { mode: 0o755 });
    for (const f of ['group', 'nsswitch.conf', 'ld.so.cache', 'host.conf']) {
      try {
        writeFileSync(join(dir, f), readFileSync(`/etc/${f}`));
      } catch {
        // not on this machine
      }
    }
    prepare(dir);
    return { etc, dir };
  };
  const overEtc = (dir: string, ...argv: string[]) => [
    'sh',
    '-c',
    `mount --bind ${dir} /etc && exec "$@"`,
    'sh',
    'setpriv',
    '--reuid=10000',
    '--regid=0',
    '--clear-groups',
    ...argv,
  ];

  it('/etc/passwd missing: nss_wrapper gives the UID a name anyway', async () => {
    const { etc, dir } = withEtcDir(() => undefined);
    const result = await sandbox({ etc, uid: 0, argv: overEtc(dir, ...cli('--', 'whoami')) });
    expect(result.stdout).toBe('default');
    expect(result.exitCode).toBe(0);
  });

  it('/etc/passwd a symlink to a writable file: never written through; nss_wrapper instead', async () => {
    const { etc, dir } = withEtcDir((d) => {
      writeFileSync(join(d, 'real-passwd'), `${base}\n`, { mode: 0o666 });
      chmodSync(join(d, 'real-passwd'), 0o666);
      symlinkSync('real-passwd', join(d, 'passwd'));
    });
    const result = await sandbox({
      etc,
      uid: 0,
      argv: overEtc(dir, ...cli('--', 'sh', '-c', 'whoami; echo "$LD_PRELOAD"')),
    });
    expect(result.stdout).toBe('default\n/usr/lib/x86_64-linux-gnu/libnss_wrapper.so');
    expect(readFileSync(join(dir, 'real-passwd'), 'utf8')).toBe(`${base}\n`);
  });

  it('a read-only filesystem under a 0664 passwd: nss_wrapper, no error', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const ro = [
      'sh',
      '-c',
      'mount -o remount,bind,ro /etc/passwd && mount -o remount,bind,ro /etc/group && exec "$@"',
      'sh',
      'setpriv',
      '--reuid=10000',
      '--regid=0',
      '--clear-groups',
    ];
    const result = await sandbox({ etc, uid: 0, argv: [...ro, ...cli('--', 'whoami')] });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'default' });
    expect(result.stderr).toContain('nss_wrapper files in /tmp/uid-entrypoint-');
    expect(etc.read()).toEqual(before);
  });

  it('no writable temp dir for nss_wrapper: a clear warning and COMMAND still runs; --strict exits 78', async () => {
    const etc = makeEtc(0o644);
    const noTmp = [
      'sh',
      '-c',
      'mount -o remount,ro /tmp && mount -t tmpfs -o ro tmpfs /dev/shm && exec "$@"',
      'sh',
      'setpriv',
      '--reuid=10000',
      '--regid=0',
      '--clear-groups',
    ];
    const result = await sandbox({ etc, uid: 0, argv: [...noTmp, ...cli('--', 'sh', '-c', 'echo "$USER $HOME"')] });
    expect(result.exitCode).toBe(0);
    // No directory can be made for HOME either: the read-only /tmp, with a warning.
    expect(result.stdout).toBe('default /tmp');
    expect(result.stderr).toContain('no temp directory took the nss_wrapper files (/tmp: EROFS, /dev/shm: EROFS)');
    expect(result.stderr).toContain('HOME is /tmp, which is not writable by this user');
    const strict = await sandbox({ etc, uid: 0, argv: [...noTmp, ...cli('--strict', '--', 'true')] });
    expect(strict.exitCode).toBe(78);
  });
});

describe('environment already set', () => {
  it('nested uid-entrypoint -- uid-entrypoint -- whoami: one fix, nothing written twice, LD_PRELOAD without duplicates', async () => {
    const etc = makeEtc(0o644);
    const result = await sandbox({
      etc,
      env: { LD_PRELOAD: '/lib/x86_64-linux-gnu/libc.so.6' },
      argv: cli(
        '--',
        ...cli(
          '--',
          'sh',
          '-c',
          'whoami; echo "LD_PRELOAD=$LD_PRELOAD"; echo "dirs=$(ls -d /tmp/uid-entrypoint-?????? | wc -l)"',
        ),
      ),
    });
    expect(result.exitCode).toBe(0);
    const [who, ...rest] = result.stdout.split('\n');
    expect(who).toBe('default');
    expect(keyValues(rest.join('\n'))).toEqual({
      LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so /lib/x86_64-linux-gnu/libc.so.6',
      dirs: '1',
    });
    expect(result.stderr.split('\n')).toHaveLength(1);
  });

  it('passwd mode, nested: the inner run finds the entry and writes nothing', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read().passwd;
    const result = await sandbox({ etc, argv: cli('--', ...cli('--', 'whoami')) });
    expect(result.stdout).toBe('default');
    expect(
      etc
        .read()
        .passwd.split('\n')
        .filter((l) => parsePasswdLine(l)?.uid === 10000),
    ).toEqual([ENTRY]);
    expect(etc.read().passwd).toBe(`${before}${ENTRY}\n`);
  });
});

describe('displacement keeps the bytes of every line it does not change, in any encoding', () => {
  // A Latin-1 GECOS (0xfc, u with umlaut), which is not UTF-8: decoded and encoded again as UTF-8
  // it would come back as the three bytes of U+FFFD, a change to another user's entry.
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
  const passwd = latin1(
    'root:x:0:0:root:/root:/bin/bash\nipython:x:1001:0:J\u00fcrgen:/home/ipython:/bin/bash\nother:x:1002:0:M\u00fcller:/:/bin/sh\n',
  );
  const expected = Buffer.concat([
    latin1(
      'root:x:0:0:root:/root:/bin/bash\nbuilder:x:1001:0:J\u00fcrgen:/home/ipython:/bin/bash\nother:x:1002:0:M\u00fcller:/:/bin/sh\n',
    ),
    Buffer.from(`ipython:x:10000:0:Z\u00fcrich:${HOME}:/bin/sh\n`, 'utf8'),
  ]);
  const argv = (command: string): string[] =>
    cli('--name', 'ipython', '--gecos', 'Z\u00fcrich', '--', 'sh', '-c', command);

  it('in passwd mode, /etc/passwd', async () => {
    const etc = makeEtc(0o664, { group: 'root:x:0:\n' });
    writeFileSync(etc.passwd, passwd);
    const result = await sandbox({ etc, argv: argv('whoami') });
    expect(result.stdout).toBe('ipython');
    expect(readFileSync(etc.passwd)).toEqual(expected);
  });

  it("in nss-wrapper mode, nss_wrapper's copy", async () => {
    const etc = makeEtc(0o644, { group: 'root:x:0:\n' });
    writeFileSync(etc.passwd, passwd);
    const result = await sandbox({ etc, argv: argv('whoami; od -An -v -tx1 "$NSS_WRAPPER_PASSWD" | tr -d " \n"') });
    expect(result.stdout).toBe(`ipython\n${expected.toString('hex')}`);
    expect(readFileSync(etc.passwd)).toEqual(passwd);
  });
});

describe('displacement in passwd mode (rewritten in place by one write, never truncated)', () => {
  const passwd =
    'root:x:0:0:root:/root:/bin/bash\nipython:x:1001:0:IPython:/home/ipython:/bin/bash\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n';
  it.each([
    ['builder (same length)', 'builder'],
    ['bu (shorter)', 'bu'],
    ['a-much-longer-name (longer)', 'a-much-longer-name'],
  ])('--displace %s', async (_label, displace) => {
    const etc = makeEtc(0o664, { passwd, group: 'root:x:0:\n' });
    const result = await sandbox({
      etc,
      argv: cli(
        '--name',
        'ipython',
        '--displace',
        displace,
        '--',
        'sh',
        '-c',
        'whoami; getent passwd 1001 | cut -d: -f1',
      ),
    });
    expect(result.stdout).toBe(`ipython\n${displace}`);
    expect(etc.read().passwd).toBe(
      `${passwd.replace('ipython:x:1001', `${displace}:x:1001`)}ipython:x:10000:0:ipython:${HOME}:/bin/sh\n`,
    );
  });
});
