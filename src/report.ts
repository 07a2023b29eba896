// Pure: doctor's report, its findings and its text. doctor.ts gathers the facts.
import type { Replacer } from './exec.js';

export interface FileReport {
  path: string;
  exists: boolean;
  /** "uid:gid" */
  owner: string | null;
  /** Octal permission bits, e.g. "0664". */
  mode: string | null;
  /** Why this process cannot read it ('EACCES', 'EISDIR', ...); null when it can. */
  unreadable: string | null;
  writable: boolean;
  symlink: boolean;
  /** Bind-mounted by the runtime (a mount point of its own). */
  mountPoint: boolean;
}

/** What the run would do: the planner's answer for this process, as --dry-run prints it in full. */
export interface PlanReport {
  /** passwd, nss-wrapper or env; null when nothing is written. */
  mode: string | null;
  /** The name the UID would have: the planned one, or the one it keeps. */
  name: string;
  passwdLine: string | null;
  groupLines: string[];
  rename: string | null;
  /** HOME as the run would set it, and what it would make for it. */
  home: string | null;
  homeMade: 'parents' | 'private' | null;
  /** Why the UID would stay without the planned entry. */
  reason: string | null;
  warnings: string[];
}

/** The facts doctor reports: a stable, documented JSON shape (README, "doctor"). */
export interface DoctorFacts {
  uid: { id: number; name: string | null };
  gid: { id: number; name: string | null };
  /** Every GID the process holds, the primary first, and the C library's name for each. */
  groups: { id: number; name: string | null }[];
  home: { path: string | null; exists: boolean; writable: boolean };
  files: { passwd: FileReport; group: FileReport };
  nssWrapper: {
    library: string | null;
    libc: string;
    inherited: { passwd: string; group: string; readable: boolean } | null;
  };
  tini: string | null;
  /** How the entrypoint would replace itself with COMMAND: through the addon or process.execve. */
  exec: Replacer['via'];
  pid1: { self: boolean; comm: string | null };
  setuidPrograms: string[];
  noNewPrivs: boolean;
  /** Who seems to have made the UID's entry: a runtime's placeholder, nss_wrapper, a bind-mounting runtime; or null. */
  runtimeEntry: string | null;
  /** What the run would do; null when there is nothing to do (UID 0, or a known UID with named groups). */
  plan: PlanReport | null;
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
const RUN_THROUGH =
  'start the container through uid-entrypoint (ENTRYPOINT ["tini", "--", "uid-entrypoint", "--"]); in an exec\'d shell run `uid-entrypoint -- bash`';

/** Problems (something breaks: exit 1) and risks (worth fixing, exit 0) found in the facts. */
export function findings(f: DoctorFacts): Finding[] {
  const out: Finding[] = [];
  if (f.uid.name === null) {
    out.push({
      severity: 'problem',
      id: 'no-passwd-entry',
      message: `UID ${f.uid.id} has no passwd entry: whoami, id -un, ssh, initdb and Python's pwd.getpwuid fail, bash says "I have no name!"`,
      fix: RUN_THROUGH,
    });
  }
  const unnamed = f.groups.filter((g) => g.name === null).map((g) => g.id);
  if (unnamed.length > 0) {
    out.push({
      severity: 'problem',
      id: 'unnamed-groups',
      message: `GID ${unnamed.join(', ')} ${unnamed.length > 1 ? 'have' : 'has'} no group entry (Kubernetes fsGroup and supplementalGroups are never named): groups, id -Gn and Python's grp.getgrgid fail`,
      fix: RUN_THROUGH,
    });
  }
  if (f.runtimeEntry?.startsWith('a placeholder')) {
    out.push({
      severity: 'risk',
      id: 'runtime-placeholder',
      message: `UID ${f.uid.id}'s entry was made by the container runtime and is named after the UID (${f.uid.name}): whoami and the prompt show a number`,
      fix: `uid-entrypoint presents ${f.plan?.name ?? 'the configured name'} in its place through nss_wrapper (apt-get install libnss-wrapper)`,
    });
  }
  for (const file of [f.files.passwd, f.files.group]) {
    if (file.exists && file.unreadable !== null) {
      out.push({
        severity: 'problem',
        id: 'file-unreadable',
        message: `${file.path} cannot be read by this process (${file.unreadable}): no name in it resolves, not even root`,
        fix: `make ${file.path} a file of mode 0644 in the image`,
      });
    }
  }
  if (f.nssWrapper.inherited && !f.nssWrapper.inherited.readable) {
    out.push({
      severity: 'problem',
      id: 'stale-nss-wrapper',
      message: `LD_PRELOAD has libnss_wrapper, and NSS_WRAPPER_PASSWD (${f.nssWrapper.inherited.passwd}) or NSS_WRAPPER_GROUP (${f.nssWrapper.inherited.group}) cannot be read: every user and group lookup fails`,
      fix: "drop the nss_wrapper variables from the image (ENV) and let uid-entrypoint set them; it leaves these out of COMMAND's environment",
    });
  }
  if (f.home.path === null || f.home.path === '/' || !f.home.exists || !f.home.writable) {
    const state =
      f.home.path === null
        ? 'unset'
        : `${f.home.path}${!f.home.exists ? ', which does not exist' : !f.home.writable ? ', which is not writable' : ''}`;
    out.push({
      severity: 'problem',
      id: 'home-unusable',
      message: `HOME is ${state}: caches, dotfiles and pip --user fail`,
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
  if (f.files.passwd.mode !== null && (Number.parseInt(f.files.passwd.mode, 8) & 0o022) !== 0) {
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
      fix: "install tini and make it the ENTRYPOINT's first word, or run with --init (docker, podman)",
    });
  }
  return out;
}

/** The report: facts, findings, and whether it is healthy (no problem). */
export function buildReport(facts: DoctorFacts): Report {
  const found = findings(facts);
  return { healthy: !found.some((x) => x.severity === 'problem'), ...facts, findings: found };
}

const fileLine = (f: FileReport): string => {
  if (!f.exists) return `${f.path}: missing`;
  const access =
    f.unreadable !== null
      ? `cannot be read (${f.unreadable})`
      : f.writable
        ? 'writable by this process'
        : 'read-only for this process';
  return `${f.path}: owner ${f.owner}, mode ${f.mode}${f.symlink ? ', a symbolic link' : ''}${f.mountPoint ? ', bind-mounted by the runtime' : ''}, ${access}`;
};

/** The plan as lines of the text report. */
function planLines(plan: PlanReport | null): string[] {
  if (plan === null) return ['  nothing to do: the C library knows this UID and every GID it holds'];
  const lines: string[] = [];
  if (plan.mode === null || plan.mode === 'env') {
    lines.push(`  the UID would stay as it is, named ${plan.name}${plan.reason ? `: ${plan.reason}` : ''}`);
  } else {
    lines.push(`  ${plan.mode} mode: the UID would be ${plan.name}`);
  }
  if (plan.rename) lines.push(`  rename ${plan.rename}`);
  if (plan.passwdLine) lines.push(`  passwd line: ${plan.passwdLine}`);
  for (const line of plan.groupLines) lines.push(`  group line:  ${line}`);
  if (plan.home) lines.push(`  HOME=${plan.home}${plan.homeMade ? ' (made at start)' : ''}`);
  for (const warning of plan.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}

/** The report as text for people: short, grouped, each problem with its fix. No colour. */
export function formatReport(r: Report): string {
  const pid1 = r.pid1.self
    ? 'this process'
    : `${r.pid1.comm ?? 'unknown'}${r.pid1.comm && INITS.test(r.pid1.comm) ? ' (an init)' : ''}`;
  const supplementary = r.groups.filter((g) => g.id !== r.gid.id);
  const lines = [
    'Identity',
    `  UID ${r.uid.id}: ${r.uid.name ?? 'no passwd entry'}${r.runtimeEntry ? ` (entry made by ${r.runtimeEntry})` : ''}`,
    `  GID ${r.gid.id}: ${r.gid.name ?? 'no group entry'}`,
    ...(supplementary.length > 0
      ? [`  groups: ${supplementary.map((g) => `${g.id} (${g.name ?? 'no group entry'})`).join(', ')}`]
      : []),
    `  HOME: ${r.home.path ?? 'unset'}${r.home.path === null ? '' : r.home.exists ? (r.home.writable ? ', writable' : ', not writable') : ', missing'}`,
    'Files',
    `  ${fileLine(r.files.passwd)}`,
    `  ${fileLine(r.files.group)}`,
    'Tools',
    `  libnss_wrapper: ${r.nssWrapper.library ?? 'not found'} (C library: ${r.nssWrapper.libc})`,
    ...(r.nssWrapper.inherited
      ? [
          `  inherited nss_wrapper files: ${r.nssWrapper.inherited.passwd}, ${r.nssWrapper.inherited.group}${r.nssWrapper.inherited.readable ? '' : ' (cannot be read)'}`,
        ]
      : []),
    `  tini: ${r.tini ?? 'not found'}`,
    `  exec: through ${r.exec}`,
    `  PID 1: ${pid1}`,
    'What a start would do',
    ...planLines(r.plan),
  ];
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
