import { describe, expect, it } from 'vitest';
import { buildReport, formatReport, type DoctorFacts } from '../src/report.js';

const UNKNOWN: DoctorFacts = {
  uid: { id: 1000680000, name: null },
  gid: { id: 0, name: 'root' },
  groups: [
    { id: 0, name: 'root' },
    { id: 1000680000, name: null },
  ],
  home: { path: '/', exists: true, writable: false },
  files: {
    passwd: {
      path: '/etc/passwd',
      exists: true,
      owner: '0:0',
      mode: '0664',
      unreadable: null,
      writable: true,
      symlink: false,
      mountPoint: false,
    },
    group: {
      path: '/etc/group',
      exists: true,
      owner: '0:0',
      mode: '0644',
      unreadable: null,
      writable: false,
      symlink: false,
      mountPoint: false,
    },
  },
  nssWrapper: { library: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so', libc: 'glibc 2.36', inherited: null },
  tini: '/usr/bin/tini',
  exec: 'the addon',
  pid1: { self: false, comm: 'tini' },
  setuidPrograms: ['chfn', 'mount', 'passwd', 'su', 'umount'],
  noNewPrivs: false,
  runtimeEntry: null,
  plan: {
    mode: 'passwd',
    name: 'default',
    passwdLine: 'default:x:1000680000:0:default:/tmp/uid-entrypoint-home-1000680000:/bin/sh',
    groupLines: ['default:x:1000680000:'],
    rename: null,
    home: '/tmp/uid-entrypoint-home-1000680000',
    homeMade: 'private',
    reason: null,
    warnings: [],
  },
};

const HEALTHY: DoctorFacts = {
  ...UNKNOWN,
  uid: { id: 1000680000, name: 'default' },
  groups: [
    { id: 0, name: 'root' },
    { id: 1000680000, name: 'default' },
  ],
  home: { path: '/tmp', exists: true, writable: true },
  files: { ...UNKNOWN.files, passwd: { ...UNKNOWN.files.passwd, mode: '0644', writable: false } },
  runtimeEntry: 'nss_wrapper (/tmp/uid-entrypoint-abc123/passwd)',
  plan: null,
};

describe('doctor report', () => {
  it('an unknown UID with a writable passwd: two problems, two risks, with fixes', () => {
    const report = buildReport(UNKNOWN);
    expect(report.healthy).toBe(false);
    expect(report.findings.map((f) => `${f.severity}:${f.id}`)).toEqual([
      'problem:no-passwd-entry',
      'problem:unnamed-groups',
      'problem:home-unusable',
      'risk:passwd-escalation',
      'risk:passwd-writable-disables-crio',
    ]);
    expect(formatReport(report)).toMatchInlineSnapshot(`
      "Identity
        UID 1000680000: no passwd entry
        GID 0: root
        groups: 1000680000 (no group entry)
        HOME: /, not writable
      Files
        /etc/passwd: owner 0:0, mode 0664, writable by this process
        /etc/group: owner 0:0, mode 0644, read-only for this process
      Tools
        libnss_wrapper: /usr/lib/x86_64-linux-gnu/libnss_wrapper.so (C library: glibc 2.36)
        tini: /usr/bin/tini
        exec: through the addon
        PID 1: tini (an init)
      What a start would do
        passwd mode: the UID would be default
        passwd line: default:x:1000680000:0:default:/tmp/uid-entrypoint-home-1000680000:/bin/sh
        group line:  default:x:1000680000:
        HOME=/tmp/uid-entrypoint-home-1000680000 (made at start)
      Findings
        problem: UID 1000680000 has no passwd entry: whoami, id -un, ssh, initdb and Python's pwd.getpwuid fail, bash says "I have no name!"
          fix: start the container through uid-entrypoint (ENTRYPOINT ["tini", "--", "uid-entrypoint", "--"]); in an exec'd shell run \`uid-entrypoint -- bash\`
        problem: GID 1000680000 has no group entry (Kubernetes fsGroup and supplementalGroups are never named): groups, id -Gn and Python's grp.getgrgid fail
          fix: start the container through uid-entrypoint (ENTRYPOINT ["tini", "--", "uid-entrypoint", "--"]); in an exec'd shell run \`uid-entrypoint -- bash\`
        problem: HOME is /, which is not writable: caches, dotfiles and pip --user fail
          fix: set ENV HOME to a directory owned by group 0 with g=u (or an emptyDir), or let uid-entrypoint choose one
        risk: /etc/passwd is writable by this process while setuid/setgid programs exist (chfn, mount, passwd, su, ...) and no_new_privs is off: any process can add a UID-0 line and su to it (CVE-2019-19351 and its family)
          fix: keep /etc/passwd read-only and use nss_wrapper (apt-get install libnss-wrapper); strip setuid bits (find / -perm /6000 -type f -exec chmod a-s {} +); run with allowPrivilegeEscalation: false (no_new_privs)
        risk: /etc/passwd is group- or world-writable: on OpenShift 4 CRI-O then skips adding the entry for the random UID itself
          fix: make /etc/passwd 0644 in the image and let nss_wrapper (or CRI-O) provide the entry
      3 problems, 2 risks
      "
    `);
  });

  it('the same container after uid-entrypoint fixed it with nss_wrapper: healthy', () => {
    const report = buildReport(HEALTHY);
    expect(report.healthy).toBe(true);
    expect(formatReport(report)).toMatchInlineSnapshot(`
      "Identity
        UID 1000680000: default (entry made by nss_wrapper (/tmp/uid-entrypoint-abc123/passwd))
        GID 0: root
        groups: 1000680000 (default)
        HOME: /tmp, writable
      Files
        /etc/passwd: owner 0:0, mode 0644, read-only for this process
        /etc/group: owner 0:0, mode 0644, read-only for this process
      Tools
        libnss_wrapper: /usr/lib/x86_64-linux-gnu/libnss_wrapper.so (C library: glibc 2.36)
        tini: /usr/bin/tini
        exec: through the addon
        PID 1: tini (an init)
      What a start would do
        nothing to do: the C library knows this UID and every GID it holds
      Healthy
      "
    `);
  });

  it.each([
    ['no_new_privs closes the escalation', { noNewPrivs: true }, false],
    ['no setuid programs, no escalation', { setuidPrograms: [] }, false],
    ['root is not escalating', { uid: { id: 0, name: 'root' } }, false],
    ['otherwise it is there', {}, true],
  ])('%s', (_label, over, present) => {
    expect(buildReport({ ...UNKNOWN, ...over }).findings.some((f) => f.id === 'passwd-escalation')).toBe(present);
  });

  it('says through which execve COMMAND would run', () => {
    expect(formatReport(buildReport({ ...HEALTHY, exec: 'process.execve' }))).toContain(
      '\n  exec: through process.execve\n',
    );
  });

  it.each([
    [
      "a runtime's placeholder: a risk, and what is presented in its place",
      {
        uid: { id: 1000680000, name: '1000680000' },
        runtimeEntry: 'a placeholder of the container runtime, named after the UID (CRI-O writes these)',
      },
      'runtime-placeholder',
      'uid-entrypoint presents default in its place through nss_wrapper (apt-get install libnss-wrapper)',
    ],
    [
      'an unreadable group file: a problem',
      { files: { ...HEALTHY.files, group: { ...HEALTHY.files.group, unreadable: 'EACCES' } } },
      'file-unreadable',
      'make /etc/group a file of mode 0644 in the image',
    ],
    [
      'a stale nss_wrapper environment: a problem',
      {
        nssWrapper: {
          ...HEALTHY.nssWrapper,
          inherited: { passwd: '/tmp/passwd.nss_wrapper', group: '/etc/group', readable: false },
        },
      },
      'stale-nss-wrapper',
      expect.stringContaining('drop the nss_wrapper variables from the image'),
    ],
  ] as const)('%s', (_label, over, id, fix) => {
    const finding = buildReport({ ...HEALTHY, plan: UNKNOWN.plan, ...over }).findings.find((f) => f.id === id);
    expect(finding?.fix).toEqual(fix);
  });

  it('PID 1 without tini is a risk', () => {
    expect(
      buildReport({ ...HEALTHY, pid1: { self: true, comm: 'node' }, tini: null }).findings.map((f) => f.id),
    ).toEqual(['pid1-without-init']);
  });
});
