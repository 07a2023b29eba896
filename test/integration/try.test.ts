// try reproduces an arbitrary UID with user namespaces, as root and as an ordinary user; the host's files never change.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliPath, usualNode } from '../helpers/sandbox.js';

const node = usualNode();
const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

describe.each([
  ['as root', []],
  ['as an ordinary user (65534)', AS_NOBODY],
])('try %s', (_label, prefix) => {
  const run = (args: string[]) =>
    execa(
      prefix[0] ?? node.bin,
      [...prefix.slice(1), ...(prefix.length ? [node.bin] : []), cliPath(), 'try', ...args],
      {
        reject: false,
        stdin: 'ignore',
        cwd: '/',
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root' },
        extendEnv: false,
      },
    );

  it('--uid 10000 (default GID 0, writable passwd): id and whoami inside; host files unchanged', async () => {
    const before = [readFileSync('/etc/passwd', 'utf8'), readFileSync('/etc/group', 'utf8')];
    const result = await run([
      '--uid',
      '10000',
      '--',
      'sh',
      '-c',
      'id -u; id -g; whoami; cat /proc/1/comm; echo "$HOME"',
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('10000\n0\ndefault\ntini\n/tmp');
    expect(result.stderr).toContain('added to /etc/passwd');
    expect([readFileSync('/etc/passwd', 'utf8'), readFileSync('/etc/group', 'utf8')]).toEqual(before);
  });

  it('--uid 1000680000 --passwd read-only: nss_wrapper in LD_PRELOAD and a name', async () => {
    const result = await run([
      '--uid',
      '1000680000',
      '--passwd',
      'read-only',
      '--name',
      'app',
      '--',
      'sh',
      '-c',
      'echo "$LD_PRELOAD"; whoami; id -u',
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('/usr/lib/x86_64-linux-gnu/libnss_wrapper.so\napp\n1000680000');
  });

  it("passes COMMAND's exit code through, and a bad option is 64 before anything runs", async () => {
    expect((await run(['--', 'sh', '-c', 'exit 7'])).exitCode).toBe(7);
    const bad = await run(['--uid', 'x', '--', 'true']);
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toContain('invalid --uid "x": must be a whole number from 0 to 4294967294');
  });
});
