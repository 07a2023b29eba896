// Pure: doctor's report, its findings and its text. doctor.ts gathers the facts.
import type { Replacer } from './exec.js';

export interface FileReport {
  path: string;
  exists: boolean;
  /** "uid:gid" */
  owner: string | null;
  /** Octal permission bits, e.g. "0664". */
  mode: string | null;
  writable: boolean;
  symlink: boolean;
  /** Bind-mounted by the runtime (a mount point of its own). */
  mountPoint: boolean;
}

/** The facts doctor reports: a stable, documented JSON shape (README, "doctor --json"). */
export interface DoctorFacts {
  uid: { id: number; name: string | null };
  gid: { id: number; name: string | null };
  home: { path: string | null; exists: boolean; writable: boolean };
  files: { passwd: FileReport; group: FileReport };
  nssWrapper: { library: string | null; libc: string };
  tini: string | null;
  /** How the entrypoint would replace itself with COMMAND: through the addon or process.execve. */
  exec: Replacer['via'];
  pid1: { self: boolean; comm: string | null };
  setuidPrograms: string[];
  noNewPrivs: boolean;
  /** Who seems to have written the passwd entry: "CRI-O", "podman (bind-mounted /etc/passwd)", or null. */
  runtimeEntry: string | null;
  /** What `auto` would do for an unknown UID; null when nothing is needed. */
  plan: {
    mode: string;
    passwdLine: string | null;
    groupLine: string | null;
    rename: string | null;
    reason: string | null;
  } | null;
}

export interface Finding {
  severity: 'problem' | 'risk';
  id: string;
  message: string;
  fix: string;
}

export interface Report extends DoctorFacts {
  healthy: boolean;
  findings: Finding[];
}

const INITS = /^(tini|tini-static|docker-init|catatonit|dumb-init|s6-svscan|systemd|init)$/;

/** Problems (something breaks: exit 1) and risks (worth fixing, exit 0) found in the facts. */
export function findings(f: DoctorFacts): Finding[] {
  const out: Finding[] = [];
  if (f.uid.name === null) {
    out.push({
      severity: 'problem',
      id: 'no-passwd-entry',
      message: `UID ${f.uid.id} has no passwd entry: whoami, id -un, ssh, initdb and Python's pwd.getpwuid fail, bash says "I have no name!"`,
      fix: 'start the container through uid-entrypoint (ENTRYPOINT ["uid-entrypoint", "--"]); in an exec\'d shell run `uid-entrypoint -- bash`',
    });
  }
  if (f.gid.name === null) {
    out.push({
      severity: 'risk',
      id: 'no-group-entry',
      message: `GID ${f.gid.id} has no group entry: id -gn and ls -l show numbers`,
      fix: 'uid-entrypoint adds one (passwd mode with a writable /etc/group, or nss-wrapper mode)',
    });
  }
  if (f.home.path === null || f.home.path === '/' || !f.home.exists || !f.home.writable) {
    out.push({
      severity: 'problem',
      id: 'home-unusable',
      message: `HOME is ${f.home.path === null ? 'unset' : `${f.home.path}${!f.home.exists ? ', which does not exist' : !f.home.writable ? ', which is not writable' : ''}`}: caches, dotfiles and pip --user fail`,
      fix: 'set ENV HOME to a directory owned by group 0 with g=u (or an emptyDir), or let uid-entrypoint choose one',
    });
  }
  if (f.uid.id !== 0 && f.files.passwd.writable && f.setuidPrograms.length > 0 && !f.noNewPrivs) {
    out.push({
      severity: 'risk',
      id: 'passwd-escalation',
      message: `/etc/passwd is writable by this process while setuid/setgid programs exist (${f.setuidPrograms.slice(0, 4).join(', ')}${f.setuidPrograms.length > 4 ? ', ...' : ''}) and no_new_privs is off: any process can add a UID-0 line and su to it (CVE-2019-19351 and its family)`,
      fix: 'keep /etc/passwd read-only and use nss_wrapper (apt-get install libnss-wrapper); strip setuid bits (find / -perm /6000 -type f -exec chmod a-s {} +); run with allowPrivilegeEscalation: false (no_new_privs)',
    });
  }
  if (f.files.passwd.mode !== null && (parseInt(f.files.passwd.mode, 8) & 0o022) !== 0) {
    out.push({
      severity: 'risk',
      id: 'passwd-writable-disables-crio',
      message:
        '/etc/passwd is group- or world-writable: on OpenShift 4 CRI-O then skips adding the entry for the random UID itself',
      fix: 'make /etc/passwd 0644 in the image and let nss_wrapper (or CRI-O) provide the entry',
    });
  }
  if (f.pid1.self && f.tini === null) {
    out.push({
      severity: 'risk',
      id: 'pid1-without-init',
      message: 'this process is PID 1 and tini was not found: zombies are not reaped and signals may be ignored',
      fix: 'install tini, or run with --init (docker, podman) or shareProcessNamespace',
    });
  }
  return out;
}

/** The report: facts, findings, and whether it is healthy (no problem). */
export function buildReport(facts: DoctorFacts): Report {
  const found = findings(facts);
  return { healthy: !found.some((x) => x.severity === 'problem'), ...facts, findings: found };
}

const fileLine = (f: FileReport, writable: string): string =>
  !f.exists
    ? `${f.path}: missing`
    : `${f.path}: owner ${f.owner}, mode ${f.mode}${f.symlink ? ', a symbolic link' : ''}${f.mountPoint ? ', bind-mounted by the runtime' : ''}, ${writable}`;

/** The report as text for people: short, grouped, each problem with its fix. No colour. */
export function formatReport(r: Report): string {
  const pid1 = r.pid1.self
    ? 'this process'
    : `${r.pid1.comm ?? 'unknown'}${r.pid1.comm && INITS.test(r.pid1.comm) ? ' (an init)' : ''}`;
  const lines = [
    'Identity',
    `  UID ${r.uid.id}: ${r.uid.name ?? 'no passwd entry'}${r.runtimeEntry ? ` (entry probably made by ${r.runtimeEntry})` : ''}`,
    `  GID ${r.gid.id}: ${r.gid.name ?? 'no group entry'}`,
    `  HOME: ${r.home.path ?? 'unset'}${r.home.path === null ? '' : r.home.exists ? (r.home.writable ? ', writable' : ', not writable') : ', missing'}`,
    'Files',
    `  ${fileLine(r.files.passwd, r.files.passwd.writable ? 'writable by this process' : 'read-only for this process')}`,
    `  ${fileLine(r.files.group, r.files.group.writable ? 'writable by this process' : 'read-only for this process')}`,
    'Tools',
    `  libnss_wrapper: ${r.nssWrapper.library ?? 'not found'} (C library: ${r.nssWrapper.libc})`,
    `  tini: ${r.tini ?? 'not found'}`,
    `  exec: through ${r.exec}`,
    `  PID 1: ${pid1}`,
    'Fix',
  ];
  if (r.plan === null) lines.push('  nothing needed: the C library knows this UID');
  else {
    lines.push(`  auto would use ${r.plan.mode} mode${r.plan.reason ? `: ${r.plan.reason}` : ''}`);
    if (r.plan.rename) lines.push(`  and rename ${r.plan.rename}`);
    if (r.plan.passwdLine) lines.push(`  passwd line: ${r.plan.passwdLine}`);
    if (r.plan.groupLine) lines.push(`  group line:  ${r.plan.groupLine}`);
  }
  if (r.findings.length > 0) {
    lines.push('Findings');
    for (const f of r.findings) lines.push(`  ${f.severity}: ${f.message}`, `    fix: ${f.fix}`);
  }
  const problems = r.findings.filter((f) => f.severity === 'problem').length;
  const risks = r.findings.length - problems;
  lines.push(
    r.healthy
      ? `Healthy${risks ? ` (${risks} risk${risks > 1 ? 's' : ''} to review)` : ''}`
      : `${problems} problem${problems > 1 ? 's' : ''}${risks ? `, ${risks} risk${risks > 1 ? 's' : ''}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
