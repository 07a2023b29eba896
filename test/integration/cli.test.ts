// The installed package as a user gets it, --dry-run, and try where user namespaces are blocked.
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cliPath, makeEtc, nodes, sandbox } from '../helpers/sandbox.js';

const node = nodes()[1]!;

describe('the installed package', () => {
  it('npm install -g gives a working uid-entrypoint with no node_modules of its own', async () => {
    const prefix = join(inject('installRoot'), 'prefix');
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    const r = await execa(join(prefix, 'bin/uid-entrypoint'), ['--version'], {
      reject: false,
      env: { PATH: `${dirname(node.bin)}:/usr/bin:/bin` },
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: version });
    expect(existsSync(join(prefix, 'lib/node_modules/uid-entrypoint/node_modules'))).toBe(false);
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
      change: { passwdLine: 'default:x:10000:0:default:/tmp:/bin/sh' },
      env: { USER: 'default', LOGNAME: 'default', HOME: '/tmp' },
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
