// The installed package as a user gets it, --dry-run, and try where user namespaces are blocked.
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { OLD_NODE } from '../helpers/nodes.js';
import { cliPath, makeEtc, nodePathDir, sandbox, usualNode } from '../helpers/sandbox.js';

const node = usualNode();

describe('the installed package', () => {
  it('npm install -g gives a working uid-entrypoint with no node_modules of its own', async () => {
    const prefix = join(inject('installRoot'), 'prefix');
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    const r = await execa(join(prefix, 'bin/uid-entrypoint'), ['--version'], {
      reject: false,
      env: { PATH: `${nodePathDir('24')}:/usr/bin:/bin` },
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: version });
    expect(existsSync(join(prefix, 'lib/node_modules/uid-entrypoint/node_modules'))).toBe(false);
  });
});

describe("an unsupported Node (the machine's Node 20)", () => {
  it('refuses in one line with exit 69, before anything is read or written', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const version = (await execa(OLD_NODE, ['--version'])).stdout;
    const r = await sandbox({
      etc,
      argv: ['sh', '-c', '"$@"; echo "exit=$?"; ls -A /tmp', 'sh', OLD_NODE, cliPath(), '--', 'sh', '-c', 'echo ran'],
    });
    expect(r.stdout).toBe('exit=69');
    expect(r.stderr).toBe(
      `uid-entrypoint: Node ${version} is too old: uid-entrypoint needs Node 22.15 or later (23.11 or later on 23); nothing was changed`,
    );
    expect(etc.read()).toEqual(before);
  });

  it('gets no code cache, and an install with it does not fail', async () => {
    const r = await execa(OLD_NODE, [join(dirname(cliPath()), 'write-code-cache.cjs')], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^uid-entrypoint: no code cache: Node v\d+\.\d+\.\d+ cannot run uid-entrypoint \(it needs 22\.15 or later\)$/,
    );
  });
});

describe('--dry-run', () => {
  it('prints the plan and the exec as JSON, changes nothing, runs nothing', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const r = await sandbox({ etc, argv: [node.bin, cliPath(), '--dry-run', '--', 'sh', '-c', 'echo ran'] });
    expect(r.exitCode).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({
      uid: 10000,
      status: 'fix',
      mode: 'passwd',
      change: { passwdLine: 'default:x:10000:0:default:/tmp/uid-entrypoint-home-10000:/bin/sh', groupLines: [] },
      env: { USER: 'default', LOGNAME: 'default', HOME: '/tmp/uid-entrypoint-home-10000' },
      home: { home: '/tmp/uid-entrypoint-home-10000', create: 'private' },
      exec: { file: '/usr/bin/tini', argv: ['tini', '--', '/usr/bin/sh', '-c', 'echo ran'], tini: true },
    });
    expect(r.stdout).not.toContain('ran\n');
    expect(r.stderr).toBe('');
    expect(etc.read()).toEqual(before);
  });
});

describe('try where user namespaces are blocked', () => {
  it('names the sysctl and exits 1', async () => {
    const r = await execa(
      'unshare',
      [
        '--user',
        '--map-root-user',
        'sh',
        '-c',
        'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"',
        'sh',
        node.bin,
        cliPath(),
        'try',
        '--',
        'true',
      ],
      { reject: false, cwd: '/' },
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('try needs user namespaces, and they are blocked here: user.max_user_namespaces is 0');
  });
});
