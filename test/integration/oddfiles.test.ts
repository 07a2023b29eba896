// What an image or a node hands the entrypoint besides the happy path: odd lines, unreadable files,
// full file systems, odd TMPDIR and HOME. In every case the announced fix is real or a warning says
// what did not happen, names that resolved before still resolve, and nothing half-made is left.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyValues, makeEtc, sandbox, usualNode } from '../helpers/sandbox.js';

const node = usualNode();
const cli = (...args: string[]): string[] => [node.bin, node.cli, ...args];
const HOME = '/tmp/uid-entrypoint-home-10000';

/** Runs `argv` as UID `uid`, GID `gid` after `setup`, a shell script run as root in the sandbox. */
const asUidAfter = (setup: string, uid: number, gid: number, argv: string[]): string[] => [
  'sh',
  '-c',
  `${setup}\nexec "$@"`,
  'sh',
  'setpriv',
  `--reuid=${uid}`,
  `--regid=${gid}`,
  '--clear-groups',
  ...argv,
];

/**
 * A shell script: a tmpfs of `kib` KiB at `dir`, with copies of `files` (paths) in it, then filled
 * to the last page.
 */
const fullTmpfs = (dir: string, kib: number, files: string[] = []): string =>
  [
    `mkdir -p ${dir}`,
    `mount -t tmpfs -o size=${kib}k,mode=1777 tmpfs ${dir}`,
    ...files.map((file) => `cp -p ${file} ${dir}/`),
    `head -c ${kib * 1024} /dev/zero > ${dir}/.fill 2>/dev/null || true`,
  ].join('\n');

/**
 * `text` padded with a comment line to exactly `size` bytes: a file that fills its last page, so
 * that what is appended needs a page more (tmpfs counts pages).
 */
const filling = (text: string, size = 8192): string => `${text}#${'x'.repeat(size - text.length - 2)}\n`;

const ODD_PASSWD = [
  '# users of this image',
  'root:x:0:0:root:/root:/bin/bash',
  '',
  '   ',
  '  indented:x:2000:2000:blanks first:/:/bin/sh',
  'short:x:2001:2001',
  'long:x:2002:2002:a:/b:/bin/sh:extra',
  'crlf:x:2003:2003::/:/bin/sh\r',
  '+::::::',
  '+@netgroup',
  '-banned',
].join('\n');
const ODD_GROUP = ['# groups', 'root:x:0:', 'staff:x:50:a,,b', '  spaced:x:51:', '+', 'users:x:100'].join('\n');
const NAMES = ['root', 'indented', 'short', 'long', 'crlf'];
const LOOKUPS = [
  ...NAMES.map((name) => `echo "p:${name}=$(getent passwd ${name} | od -An -c | tr -s ' ' | tr -d '\\n')"`),
  ...['root', 'staff', 'spaced', 'users'].map((name) => `echo "g:${name}=$(getent group ${name})"`),
  'echo "owner=$(stat -c %U /)"',
  'echo "whoami=$(whoami)"',
  'id >/dev/null 2>&1; echo "idexit=$?"',
].join('\n');

describe('odd lines in passwd and group', () => {
  it.each([
    ['nss-wrapper', 0o644],
    ['passwd', 0o664],
  ])(
    '%s mode: every name that resolved before resolves the same, and the new one too; no NWRAP_ERROR',
    async (_mode, fileMode) => {
      const etc = makeEtc(fileMode, { passwd: `${ODD_PASSWD}\n`, group: `${ODD_GROUP}\n` });
      const before = await sandbox({ etc, argv: ['sh', '-c', LOOKUPS] });
      const after = await sandbox({
        etc: makeEtc(fileMode, { passwd: `${ODD_PASSWD}\n`, group: `${ODD_GROUP}\n` }),
        argv: cli('--', 'sh', '-c', LOOKUPS),
      });
      expect(after.exitCode).toBe(0);
      expect(after.stderr).not.toContain('NWRAP');
      const was = keyValues(before.stdout);
      const now = keyValues(after.stdout);
      expect(was.whoami).toBe('');
      expect(now.whoami).toBe('default');
      expect(now.owner).toBe('root');
      for (const key of Object.keys(was).filter((k) => /^[pg]:/.test(k)))
        expect([key, now[key]]).toEqual([key, was[key]]);
      expect(Object.values(was).filter((v) => v !== '').length).toBeGreaterThan(8);
    },
  );
});

describe('unreadable files', () => {
  it.each([
    ['mode 0600', 'chmod 600 /etc/group'],
    [
      'a directory',
      'mkdir /tmp/etc && cp -a /etc/. /tmp/etc/ 2>/dev/null; rm /tmp/etc/group && mkdir /tmp/etc/group && mount --bind /tmp/etc /etc',
    ],
  ])('/etc/group %s: nss_wrapper gets a copy it can read, the GID its name, no error flood', async (_label, setup) => {
    const etc = makeEtc(0o644);
    const result = await sandbox({
      etc,
      uid: 0,
      argv: asUidAfter(setup, 10000, 10000, cli('--', 'sh', '-c', 'whoami; id; echo "exit=$?"')),
    });
    expect(result.stdout).toBe('default\nuid=10000(default) gid=10000(default) groups=10000(default)\nexit=0');
    expect(result.stderr).not.toContain('NWRAP');
    expect(result.stderr).toMatch(
      /\/etc\/group cannot be read \((EACCES|EISDIR)\): nss_wrapper's copy of it holds only the lines added/,
    );
  });

  it('/etc/passwd mode 0600: doctor and --dry-run say what the run does, and it does it', async () => {
    const etc = makeEtc(0o644);
    const setup = 'chmod 600 /etc/passwd';
    const doctor = await sandbox({ etc, uid: 0, argv: asUidAfter(setup, 10000, 0, cli('doctor', '--json')) });
    const report = JSON.parse(doctor.stdout);
    expect(report.files.passwd.unreadable).toBe('EACCES');
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('file-unreadable');
    expect(report.plan).toMatchObject({ mode: 'nss-wrapper', passwdLine: `default:x:10000:0:default:${HOME}:/bin/sh` });
    const dry = await sandbox({ etc, uid: 0, argv: asUidAfter(setup, 10000, 0, cli('--dry-run', '--', 'true')) });
    expect(JSON.parse(dry.stdout)).toMatchObject({
      mode: 'nss-wrapper',
      change: { passwdLine: report.plan.passwdLine },
    });
    const run = await sandbox({
      etc,
      uid: 0,
      argv: asUidAfter(setup, 10000, 0, cli('--', 'sh', '-c', 'whoami; getent passwd root; echo "root=$?"')),
    });
    expect(run.stdout).toBe('default\nroot=2');
    expect(run.stderr).toContain(
      "/etc/passwd cannot be read (EACCES): nss_wrapper's copy of it holds only the lines added",
    );
  });
});

describe('full file systems', () => {
  it('a full /tmp: the nss_wrapper files go to /dev/shm, and nothing is left in /tmp', async () => {
    const result = await sandbox({
      etc: makeEtc(0o644),
      uid: 0,
      argv: asUidAfter(
        fullTmpfs('/tmp', 64),
        10000,
        0,
        cli('--', 'sh', '-c', 'whoami; echo "$NSS_WRAPPER_PASSWD"; ls -A /tmp'),
      ),
    });
    expect(result.exitCode).toBe(0);
    const [who, passwd, ...left] = result.stdout.split('\n');
    expect(who).toBe('default');
    expect(passwd).toMatch(/^\/dev\/shm\/uid-entrypoint-\w{6}\/passwd$/);
    expect(left.filter((f) => /^uid-entrypoint-\w{6}$/.test(f))).toEqual([]);
  });

  it('a writable /etc/passwd on a full file system: nss_wrapper stands in, the file is as it was', async () => {
    const etc = makeEtc(0o664, { passwd: filling(readFileSync('/etc/passwd', 'utf8')) });
    const before = etc.read();
    const setup = `${fullTmpfs('/run/full', 64, ['/etc/passwd'])}\nmount --bind /run/full/passwd /etc/passwd`;
    const result = await sandbox({
      etc,
      uid: 0,
      argv: asUidAfter(setup, 10000, 0, cli('--', 'sh', '-c', 'whoami; cat /etc/passwd')),
    });
    expect(result.exitCode).toBe(0);
    const [who, ...rest] = result.stdout.split('\n');
    expect(who).toBe('default');
    expect(`${rest.join('\n')}\n`).toBe(before.passwd);
    expect(result.stderr).toContain('could not write /etc/passwd: ENOSPC; nss_wrapper stands in');
  });

  it('the group line fails after the passwd line: reported as the group, nss_wrapper names the GID, --strict is content', async () => {
    const etc = makeEtc(0o666, { group: filling(readFileSync('/etc/group', 'utf8'), 4096) });
    const before = etc.read();
    const setup = `${fullTmpfs('/run/full', 64, ['/etc/group'])}\nmount --bind /run/full/group /etc/group`;
    const check =
      'whoami; id -gn; echo "grouplines=$(grep -c ^default: /etc/group)"; grep -c "^default:x:10000:" /etc/passwd';
    const result = await sandbox({
      etc,
      uid: 0,
      argv: asUidAfter(setup, 10000, 10000, cli('--strict', '--', 'sh', '-c', check)),
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('default\ndefault\ngrouplines=0\n1');
    expect(result.stderr).toContain('UID 10000 is now default: added to /etc/passwd');
    expect(result.stderr).toContain('could not write /etc/group: ENOSPC; nss_wrapper stands in');
    expect(result.stderr).not.toContain('has no passwd entry');
    expect(etc.read().group).toBe(before.group);
  });
});

describe('TMPDIR and HOME that are not what they say', () => {
  it.each([
    ['does not exist', '/nonexistent', 'TMPDIR "/nonexistent" does not exist; temp files go to /tmp instead'],
    ['is /', '/', 'TMPDIR "/" is the root directory; temp files go to /tmp instead'],
    [
      'is a dangling link',
      '/tmp/dangling',
      'TMPDIR "/tmp/dangling" is a symbolic link to nothing; temp files go to /tmp instead',
    ],
    [
      'holds a colon',
      '/tmp/a:b',
      'TMPDIR "/tmp/a:b" holds \':\', a line break or NUL, which a passwd line cannot; temp files go to /tmp instead',
    ],
    [
      'holds a newline',
      '/tmp/a\nb',
      'TMPDIR "/tmp/a\\nb" holds \':\', a line break or NUL, which a passwd line cannot; temp files go to /tmp instead',
    ],
  ])(
    'TMPDIR that %s: passed over with a warning; the entry is written, HOME exists',
    async (_label, tmpdir, warning) => {
      const etc = makeEtc(0o664);
      const setup = 'ln -s /nothing /tmp/dangling; mkdir -p /tmp/a:b "/tmp/a\nb"; chmod 1777 /tmp/a:b "/tmp/a\nb"';
      const result = await sandbox({
        etc,
        uid: 0,
        argv: asUidAfter(setup, 10000, 0, [
          'env',
          `TMPDIR=${tmpdir}`,
          ...cli('--', 'sh', '-c', 'whoami; echo "$HOME"; test -d "$HOME" && echo dir'),
        ]),
      });
      expect(result).toMatchObject({ exitCode: 0, stdout: `default\n${HOME}\ndir` });
      expect(result.stderr).toContain(warning);
      expect(etc.read().passwd).toContain(`\ndefault:x:10000:0:default:${HOME}:/bin/sh\n`);
    },
  );

  it('HOME that is a file: "is not a directory", and a private one instead', async () => {
    const result = await sandbox({
      etc: makeEtc(0o664),
      env: { HOME: '/etc/hostname' },
      argv: cli('--', 'sh', '-c', 'echo "$HOME"'),
    });
    expect(result.stdout).toBe(HOME);
    expect(result.stderr).toContain(`home /etc/hostname is not a directory; HOME is ${HOME}`);
  });

  it('HOME=/tmp, shared by every user: passed over for a private directory no other UID can write into', async () => {
    const result = await sandbox({
      etc: makeEtc(0o644),
      env: { HOME: '/tmp' },
      argv: cli('--', 'sh', '-c', 'echo "$HOME $(stat -c %a:%U "$HOME")"'),
    });
    expect(result.stdout).toBe(`${HOME} 700:default`);
    expect(result.stderr).toContain('home /tmp is shared by every user (world-writable and sticky, as /tmp)');
  });

  it('a private HOME another UID made first is not taken', async () => {
    const setup = `mkdir -m 700 ${HOME} && chown 20000 ${HOME}`;
    const result = await sandbox({
      etc: makeEtc(0o644),
      uid: 0,
      argv: asUidAfter(setup, 10000, 0, cli('--', 'sh', '-c', 'echo "$HOME"')),
    });
    expect(result.stdout).toBe('/dev/shm/uid-entrypoint-home-10000');
  });
});

describe('concurrent starts', () => {
  it('thirty distinct UIDs sharing a new GID, passwd mode: thirty user lines, one group line, a valid file', async () => {
    const etc = makeEtc(0o666);
    const before = etc.read();
    const burst = `for i in $(seq 1 30); do env USER=user$i setpriv --reuid=$((20000 + i)) --regid=5000 --clear-groups ${node.bin} ${node.cli} --log-level warn -- sh -c 'echo "$(whoami) $(id -gn)"' & done; wait`;
    const result = await sandbox({ etc, uid: 0, gid: 0, argv: ['sh', '-c', burst], timeout: 120_000 });
    expect(result.stderr).toBe('');
    const seen = result.stdout.split('\n').sort();
    expect(seen).toHaveLength(30);
    const after = etc.read();
    const added = after.passwd.slice(before.passwd.length).split('\n').filter(Boolean);
    expect(added.sort()).toEqual(
      Array.from(
        { length: 30 },
        (_, i) => `user${i + 1}:x:${20001 + i}:5000:user${i + 1}:/tmp/uid-entrypoint-home-${20001 + i}:/bin/sh`,
      ).sort(),
    );
    const groupLines = after.group.slice(before.group.length).split('\n').filter(Boolean);
    expect(groupLines).toHaveLength(1);
    const groupName = groupLines[0]?.split(':')[0];
    expect(groupLines[0]).toBe(`${groupName}:x:5000:`);
    for (const line of seen) expect(line).toMatch(new RegExp(`^user\\d+ ${groupName}$`));
    expect(readFileSync(etc.passwd, 'utf8').endsWith('\n')).toBe(true);
  });
});
