// doctor run for real as an unknown UID, and through the entrypoint, in the sandbox.
import { describe, expect, it } from 'vitest';
import { cliPath, makeEtc, nodes, sandbox, usualNode } from '../helpers/sandbox.js';

const node = usualNode();

describe('doctor', () => {
  it('--json: an unknown UID with a group-writable passwd is a problem, with the exact line and the escalation risk; nothing changes', async () => {
    const etc = makeEtc(0o664);
    const before = etc.read();
    const result = await sandbox({ etc, argv: [node.bin, cliPath(), 'doctor', '--json'] });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      healthy: false,
      uid: { id: 10000, name: null },
      gid: { id: 0, name: 'root' },
      files: { passwd: { path: '/etc/passwd', owner: '0:0', mode: '0664', writable: true, mountPoint: true } },
      nssWrapper: { library: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so', libc: expect.stringMatching(/^glibc 2\./) },
      tini: '/usr/bin/tini',
      exec: 'the addon',
      pid1: { self: true },
      plan: {
        mode: 'passwd',
        name: 'default',
        passwdLine: 'default:x:10000:0:default:/tmp/uid-entrypoint-home-10000:/bin/sh',
      },
    });
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(['no-passwd-entry', 'passwd-escalation', 'passwd-writable-disables-crio']),
    );
    expect(etc.read()).toEqual(before);
  });

  it.each(nodes())('--json names how COMMAND would be run ($label)', async ({ bin, cli, via }) => {
    const result = await sandbox({ etc: makeEtc(0o644), argv: [bin, cli, 'doctor', '--json'] });
    expect(JSON.parse(result.stdout).exec).toBe(via);
  });

  it('text: read-only passwd names nss-wrapper mode and its line', async () => {
    const etc = makeEtc(0o644);
    const result = await sandbox({ etc, uid: 1000680000, argv: [node.bin, cliPath(), 'doctor'] });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('UID 1000680000: no passwd entry');
    expect(result.stdout).toContain('nss-wrapper mode: the UID would be default');
    expect(result.stdout).toContain(
      'passwd line: default:x:1000680000:0:default:/tmp/uid-entrypoint-home-1000680000:/bin/sh',
    );
    expect(result.stdout).not.toContain('CVE-2019-19351');
  });

  it.each([
    [
      'nss-wrapper',
      0o644,
      /^ {2}UID 10000: default \(entry made by nss_wrapper \(\/tmp\/uid-entrypoint-\w{6}\/passwd\)\)$/m,
    ],
    ['passwd', 0o664, /^ {2}UID 10000: default \(entry made by the container runtime or a uid-entrypoint start /m],
  ])('run through the entrypoint (%s mode) it reports healthy, and who made the entry', async (_mode, mode, who) => {
    const etc = makeEtc(mode);
    const result = await sandbox({
      etc,
      argv: [node.bin, cliPath(), '--log-level', 'warn', '--', node.bin, cliPath(), 'doctor'],
    });
    expect(result.stdout).toMatch(who);
    expect(result.stdout).toMatch(/^Healthy/m);
    expect(result.exitCode).toBe(0);
  });
});
