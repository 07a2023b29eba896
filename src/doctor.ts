// doctor: gather the identity facts of this process and report them. Changes nothing.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleDir, loadAddon } from './addon.js';
import { resolveConfig, type Env } from './config.js';
import { execveOf } from './exec.js';
import { ETC, dirState, findNssWrapper, isPid1, libraryDirs, lookupUser, probeFile, readText } from './probe.js';
import { buildReport, formatReport, type DoctorFacts, type FileReport } from './report.js';
import { planIdentity, type Io } from './run.js';
import { resolveCommand } from './resolve.js';
import { findGroupByGid, findPasswdByUid } from './passwd.js';

const mountPoints = (): Set<string> =>
  new Set((readText('/proc/self/mountinfo') ?? '').split('\n').map((line) => line.split(' ')[4] ?? ''));

function fileReport(path: string, mounts: Set<string>): FileReport {
  const probed = probeFile(path);
  if (!probed.exists)
    return { path, exists: false, owner: null, mode: null, writable: false, symlink: false, mountPoint: false };
  const st = statSync(path, { throwIfNoEntry: false }) ?? lstatSync(path);
  return {
    path,
    exists: true,
    owner: `${st.uid}:${st.gid}`,
    mode: `0${(st.mode & 0o7777).toString(8)}`,
    writable: probed.writable,
    symlink: probed.symlink,
    mountPoint: mounts.has(path),
  };
}

/** The group name of `gid` through NSS (getent, so nss_wrapper and sssd count), else from the group file. */
async function groupName(gid: number, env: Env): Promise<string | null> {
  const { execa } = await import('execa');
  const result = await execa('getent', ['group', String(gid)], { reject: false, env, extendEnv: false });
  if (result.exitCode === 0 && typeof result.stdout === 'string') return result.stdout.split(':')[0] || null;
  if (result.exitCode === 2) return null;
  return findGroupByGid(readText(ETC.group) ?? '', gid)?.name ?? null;
}

const SETUID_DIRS = [
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/lib/openssh',
  '/usr/libexec',
  '/usr/lib/dbus-1.0',
];

/** setuid or setgid executables in the usual directories. */
function setuidPrograms(): string[] {
  const found = new Set<string>();
  for (const dir of SETUID_DIRS) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        const st = lstatSync(join(dir, name));
        if (st.isFile() && (st.mode & 0o6000) !== 0) found.add(name);
      } catch {
        // vanished: not ours to report
      }
    }
  }
  return [...found].sort();
}

function libcName(): string {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  if (header?.glibcVersionRuntime) return `glibc ${header.glibcVersionRuntime}`;
  try {
    if (readdirSync('/lib').some((n) => n.startsWith('ld-musl-')))
      return 'musl (nss_wrapper cannot work: musl has no NSS)';
  } catch {
    // no /lib
  }
  return 'unknown';
}

/**
 * Who seems to have made a known UID's entry: nss_wrapper (an outer
 * uid-entrypoint), CRI-O (it names the user after the UID, shell
 * /sbin/nologin), or a runtime that bind-mounts its own /etc/passwd (podman).
 * A heuristic, said as one in the report.
 */
function runtimeEntry(name: string, uid: number, passwd: FileReport, env: Env): string | null {
  if (env.NSS_WRAPPER_PASSWD && env.LD_PRELOAD?.includes('libnss_wrapper'))
    return `nss_wrapper (${env.NSS_WRAPPER_PASSWD})`;
  const entry = findPasswdByUid(readText(ETC.passwd) ?? '', uid);
  if (entry && entry.name === String(uid) && entry.shell === '/sbin/nologin')
    return 'CRI-O (named after the UID, shell /sbin/nologin)';
  if (passwd.mountPoint && name !== 'root')
    return 'the container runtime (/etc/passwd is bind-mounted, as podman does)';
  return null;
}

/** Gathers every fact doctor reports. */
export async function gatherFacts(env: Env): Promise<DoctorFacts> {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const config = await resolveConfig({}, env);
  const user = lookupUser();
  const mounts = mountPoints();
  const passwd = fileReport(ETC.passwd, mounts);
  const plan = planIdentity(config, env, uid, gid);
  const fixes = plan.status === 'fix' || plan.status === 'unfixable';
  const home = env.HOME ?? null;
  const homeState = home === null ? 'missing' : dirState(home);
  return {
    uid: { id: uid, name: user?.name ?? null },
    gid: { id: gid, name: await groupName(gid, env) },
    home: { path: home, exists: homeState !== 'missing', writable: homeState === 'writable' },
    files: { passwd, group: fileReport(ETC.group, mounts) },
    nssWrapper: { library: findNssWrapper(config.nssWrapperLib, libraryDirs(process.arch)) ?? null, libc: libcName() },
    tini: (() => {
      const found = resolveCommand(config.tini ?? 'tini', env.PATH);
      return 'path' in found ? found.path : null;
    })(),
    exec: execveOf(process, loadAddon(bundleDir())).via,
    pid1: { self: isPid1(), comm: readText('/proc/1/comm')?.trim() ?? null },
    setuidPrograms: setuidPrograms(),
    noNewPrivs: /^NoNewPrivs:\s*1$/m.test(readText('/proc/self/status') ?? ''),
    runtimeEntry: user ? runtimeEntry(user.name, uid, passwd, env) : null,
    plan: fixes
      ? {
          mode: plan.mode ?? 'none',
          passwdLine: plan.change?.passwdLine ?? null,
          groupLine: plan.change?.groupLine ?? null,
          rename: plan.change?.rename
            ? `${plan.change.rename.from} (UID ${plan.change.rename.uid}) to ${plan.change.rename.to}`
            : null,
          reason: plan.reason ?? null,
        }
      : null,
  };
}

/** doctor: prints the report; 0 when healthy, 1 when a problem is found. */
export async function runDoctor(json: boolean, env: Env, io: Io): Promise<number> {
  const report = buildReport(await gatherFacts(env));
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.healthy ? 0 : 1;
}
