// doctor: gather the identity facts of this process and report them. Changes nothing.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Addon, bundleDir, loadAddon } from './addon.js';
import { type Env, resolveConfig } from './config.js';
import { inheritedNssWrapper } from './env.js';
import { execveOf } from './exec.js';
import type { UserRecord } from './facts.js';
import { planIdentity } from './identity.js';
import { heldGids, lookupUser } from './lookup.js';
import { isPlaceholder, type Plan } from './plan.js';
import { dirInfo, ETC, findNssWrapper, isPid1, libraryDirs, probeFile, readable, readText } from './probe.js';
import { buildReport, type DoctorFacts, type FileReport, formatReport, type PlanReport } from './report.js';
import { resolveCommand } from './resolve.js';
import type { Io } from './run.js';

const mountPoints = (): Set<string> =>
  new Set((readText('/proc/self/mountinfo') ?? '').split('\n').map((line) => line.split(' ')[4] ?? ''));

function fileReport(path: string, mounts: Set<string>): FileReport {
  const probed = probeFile(path);
  if (!probed.exists) {
    return {
      path,
      exists: false,
      owner: null,
      mode: null,
      unreadable: null,
      writable: false,
      symlink: false,
      mountPoint: false,
    };
  }
  const st = statSync(path, { throwIfNoEntry: false }) ?? lstatSync(path);
  return {
    path,
    exists: true,
    owner: `${st.uid}:${st.gid}`,
    mode: `0${(st.mode & 0o7777).toString(8)}`,
    unreadable: probed.unreadable ?? null,
    writable: probed.writable,
    symlink: probed.symlink,
    mountPoint: mounts.has(path),
  };
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
 * Who seems to have made the UID's entry: a runtime's placeholder (named after the UID: CRI-O's
 * has the shell /sbin/nologin, podman's a GECOS of "container user"), nss_wrapper (an outer
 * uid-entrypoint), or a bind-mounted /etc/passwd (podman's own, or try's copy that a start appended
 * to). A heuristic, said as one in the report.
 */
function runtimeEntry(user: UserRecord, passwd: FileReport, env: Env): string | null {
  if (isPlaceholder(user, user.uid)) {
    const by =
      user.shell === '/sbin/nologin'
        ? ' (CRI-O writes these)'
        : user.gecos === 'container user'
          ? ' (podman writes these)'
          : '';
    return `a placeholder of the container runtime, named after the UID${by}`;
  }
  const nssWrapper = inheritedNssWrapper(env);
  if (nssWrapper) return `nss_wrapper (${nssWrapper.passwd})`;
  if (passwd.mountPoint && user.name !== 'root')
    return 'the container runtime or a uid-entrypoint start (/etc/passwd is bind-mounted, as podman and try do)';
  return null;
}

/** The C library's name for `gid`: through the addon, else getent (so nss_wrapper and sssd count). */
async function groupName(gid: number, addon: Addon | undefined, env: Env): Promise<string | null> {
  if (addon) {
    const name = addon.lookupGroup(gid);
    return typeof name === 'string' ? name : null;
  }
  const { execa } = await import('execa');
  const result = await execa('getent', ['group', String(gid)], { reject: false, env, extendEnv: false });
  return result.exitCode === 0 && typeof result.stdout === 'string' ? (result.stdout.split(':')[0] ?? null) : null;
}

/** The plan as doctor reports it: null when a start would do nothing. */
function planReport(plan: Plan): PlanReport | null {
  const writes =
    plan.mode !== undefined || plan.status === 'fix' || plan.status === 'unfixable' || plan.status === 'placeholder';
  if (plan.status === 'root' || (!writes && plan.warnings.length === 0 && plan.placeholder === undefined)) return null;
  const { change } = plan;
  return {
    mode: plan.mode ?? null,
    name: plan.env.USER ?? '',
    passwdLine: change?.passwdLine ?? null,
    groupLines: change?.groupLines ?? [],
    rename: change?.rename ? `${change.rename.from} (UID ${change.rename.uid}) to ${change.rename.to}` : null,
    home: plan.env.HOME ?? null,
    homeMade: plan.home?.create ?? null,
    reason: plan.reason ?? null,
    warnings: plan.warnings,
  };
}

/** Gathers every fact doctor reports. */
export async function gatherFacts(env: Env): Promise<DoctorFacts> {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const config = await resolveConfig({}, env);
  const addon = loadAddon(bundleDir());
  const user = lookupUser(uid, addon);
  const mounts = mountPoints();
  const passwd = fileReport(ETC.passwd, mounts);
  const plan = planIdentity(config, env, { uid, gid }, addon);
  const home = env.HOME ?? null;
  const homeInfo = home === null ? undefined : dirInfo(home);
  const groups = await Promise.all(heldGids(gid).map(async (id) => ({ id, name: await groupName(id, addon, env) })));
  const nssWrapper = inheritedNssWrapper(env);
  return {
    uid: { id: uid, name: user?.name ?? null },
    gid: { id: gid, name: groups[0]?.name ?? null },
    groups,
    home: {
      path: home,
      exists: homeInfo?.kind === 'directory',
      writable: homeInfo?.kind === 'directory' && homeInfo.writable,
    },
    files: { passwd, group: fileReport(ETC.group, mounts) },
    nssWrapper: {
      library: findNssWrapper(config.nssWrapperLib, libraryDirs(process.arch)) ?? null,
      libc: libcName(),
      inherited: nssWrapper
        ? { ...nssWrapper, readable: readable(nssWrapper.passwd) && readable(nssWrapper.group) }
        : null,
    },
    tini: (() => {
      const found = resolveCommand(config.tini ?? 'tini', env.PATH);
      return 'path' in found ? found.path : null;
    })(),
    exec: execveOf(process, addon).via,
    pid1: { self: isPid1(), comm: readText('/proc/1/comm')?.trim() ?? null },
    setuidPrograms: setuidPrograms(),
    noNewPrivs: /^NoNewPrivs:\s*1$/m.test(readText('/proc/self/status') ?? ''),
    runtimeEntry: user ? runtimeEntry(user, passwd, env) : null,
    plan: planReport(plan),
  };
}

/** doctor: prints the report; 0 when healthy, 1 when a problem is found. */
export async function runDoctor(json: boolean, env: Env, io: Io): Promise<number> {
  const report = buildReport(await gatherFacts(env));
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.healthy ? 0 : 1;
}
