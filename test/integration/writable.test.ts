// Whether /etc/passwd and HOME are writable, as the start path decides it (probe.ts: the mode bits
// where they can only say no, else access(2)), against access(2) itself, asked by Python in the
// same sandbox: owner, group, other, ACL and read-only-mount cases, as UID 10000.
import { execa } from 'execa';
import { chmodSync, chownSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliPath, makeEtc, sandbox, scratchDir, usualNode } from '../helpers/sandbox.js';

const node = usualNode();
const ACCESS =
  "import json, os; print(json.dumps({'passwd': os.access('/etc/passwd', os.W_OK), 'home': os.access(os.environ['HOME'], os.W_OK)}))";

interface Writable {
  passwd: boolean;
  home: boolean;
}

interface Case {
  owner?: number;
  mode: number;
  gid?: number;
  acl?: string;
  readOnlyPasswd?: boolean;
  writable: boolean;
}

/** access(2)'s answer and the probe's (through `doctor --json`), for passwd and HOME, as UID 10000. */
async function answers(options: {
  passwd?: Case;
  home?: Case;
  gid: number;
}): Promise<{ access: Writable; probe: Writable }> {
  const etc = makeEtc(options.passwd?.mode ?? 0o644);
  const home = scratchDir('home');
  const set = async (path: string, c: Case | undefined): Promise<void> => {
    if (!c) return;
    chownSync(path, c.owner ?? 0, 0);
    chmodSync(path, c.mode);
    if (c.acl) await execa('setfacl', ['-m', c.acl, path]);
  };
  await set(etc.passwd, options.passwd);
  await set(home, options.home);
  const common = {
    etc,
    gid: options.gid,
    readOnlyPasswd: options.passwd?.readOnlyPasswd ?? false,
    env: { HOME: home },
  };
  const access = await sandbox({ ...common, argv: ['/usr/bin/python3', '-c', ACCESS] });
  const doctor = await sandbox({ ...common, argv: [node.bin, cliPath(), 'doctor', '--json'] });
  const report = JSON.parse(doctor.stdout) as { files: { passwd: { writable: boolean } }; home: { writable: boolean } };
  return {
    access: JSON.parse(access.stdout) as Writable,
    probe: { passwd: report.files.passwd.writable, home: report.home.writable },
  };
}

const PASSWD: [string, Case][] = [
  ['root-owned 0644', { mode: 0o644, writable: false }],
  ['group-writable, the UID in the group', { mode: 0o664, writable: true }],
  [
    'group-writable, the UID not in the group (the bits allow it, access(2) refuses)',
    { mode: 0o664, gid: 5000, writable: false },
  ],
  ['owned by the UID, 0464 (the owner bits decide for the owner)', { owner: 10000, mode: 0o464, writable: false }],
  ['owned by the UID, 0644', { owner: 10000, mode: 0o644, writable: true }],
  ['other-writable', { mode: 0o646, gid: 5000, writable: true }],
  ['0640 with an ACL entry for the UID', { mode: 0o640, gid: 5000, acl: 'u:10000:rw', writable: true }],
  ['0666 on a read-only mount', { mode: 0o666, readOnlyPasswd: true, writable: false }],
];

const HOME: [string, Case][] = [
  ['root-owned 0755', { mode: 0o755, writable: false }],
  ['group 0 with g=u', { mode: 0o775, writable: true }],
  ['owned by the UID, 0555', { owner: 10000, mode: 0o555, writable: false }],
  ['0750 with an ACL entry for the UID', { mode: 0o750, gid: 5000, acl: 'u:10000:rwx', writable: true }],
];

describe('writability', () => {
  it.each(PASSWD)('/etc/passwd %s: as access(2) says', async (_label, c) => {
    const { access, probe } = await answers({ passwd: c, gid: c.gid ?? 0 });
    expect(access.passwd).toBe(c.writable);
    expect(probe).toEqual(access);
  });

  it.each(HOME)('HOME %s: as access(2) says', async (_label, c) => {
    const { access, probe } = await answers({ home: c, gid: c.gid ?? 0 });
    expect(access.home).toBe(c.writable);
    expect(probe).toEqual(access);
  });
});
