// Pure: facts + config -> the identity fix, as data. The writers carry it out (inplace.ts for
// passwd mode, copies.ts for nss-wrapper mode), run.ts makes HOME and execs.
import type { Config } from './config.js';
import type { Facts, FileFacts, FileVersion, UserRecord } from './facts.js';
import { nameGroups } from './groups.js';
import { chooseHome, type HomeChoice } from './home.js';
import { chooseLogin } from './login.js';
import { findGroupByName, findPasswdByUid, formatPasswdLine } from './passwd.js';

export type FixMode = 'passwd' | 'nss-wrapper' | 'env';

/** Changes to passwd and group; the writers turn them into bytes. */
export interface FileChange {
  /** The UID's line to add: appended in place, or into nss_wrapper's copy. */
  passwdLine?: string;
  /** Rename the entry called `from` (another UID) to `to`. */
  rename?: { from: string; to: string; uid: number };
  /** nss-wrapper mode: the name of the runtime's placeholder entry for the UID, which passwdLine goes in front of. */
  before?: string;
  /** A line for each GID the process holds that has no name. */
  groupLines: string[];
  /** The GIDs named, and how (for the log and doctor). */
  groupNames: { gid: number; name: string }[];
  /**
   * Passwd mode: the passwd in which the UID was found to have no entry. While the file is still
   * that one, inplace.ts need not search it for the UID again.
   */
  basis?: FileVersion;
}

export interface Plan {
  uid: number;
  gid: number;
  /**
   * root: UID 0, nothing to fix. known: the C library has an entry with a real name (kept).
   * present: the passwd file has one though the C library did not say so (kept). placeholder: the
   * C library's entry is a runtime's, named after the UID; the planned identity replaces it in
   * nss_wrapper's copy. fix: the UID's entry is added. unfixable: no entry can be added.
   */
  status: 'root' | 'known' | 'present' | 'placeholder' | 'fix' | 'unfixable';
  /** How the change is carried out; undefined when there is nothing to write. */
  mode?: FixMode;
  change?: FileChange;
  /** libnss_wrapper.so, in nss-wrapper mode. */
  nssWrapperLib?: string;
  /** USER, LOGNAME, HOME to set on top of the inherited environment. */
  env: Record<string, string>;
  /** HOME, and what must be made for it first. */
  home?: HomeChoice;
  /** The runtime's placeholder entry, when there is one: its name, and whether the planned identity replaces it. */
  placeholder?: { name: string; replaced: boolean };
  /** Why the UID is left without the planned entry (status unfixable, mode env, a placeholder kept). */
  reason?: string;
  warnings: string[];
  /** Variables COMMAND must not inherit (a stale nss_wrapper environment). */
  unset?: string[];
  /** The passwd and group files the names come from, and nss_wrapper's copies are made of (identity.ts). */
  sources?: { passwd: string; group: string };
  /** The temp directories nss_wrapper's copies may go in, best first (tempdirs.ts). */
  tempBases?: string[];
}

/** Plan for UID 0: only USER and LOGNAME, and only when unset. */
export function planRoot(env: Record<string, string | undefined>, name: string, gid: number): Plan {
  const set: Record<string, string> = {};
  if (!env.USER) set.USER = name;
  if (!env.LOGNAME) set.LOGNAME = name;
  return { uid: 0, gid, status: 'root', env: set, warnings: [] };
}

/**
 * A runtime's placeholder: CRI-O writes `UID:x:UID:GID:UID user:HOME:/sbin/nologin` and podman
 * `UID:*:UID:GID:container user:WORKDIR:/bin/sh` for a UID the image does not know, named with
 * the UID's digits. That is a number, not an identity.
 */
export const isPlaceholder = (user: Pick<UserRecord, 'name'>, uid: number): boolean => user.name === String(uid);

/** Why `file` cannot be changed in place, or undefined when it can. */
function inPlaceProblem(file: FileFacts, uid: number): string | undefined {
  if (!file.exists) return `${file.path} does not exist`;
  if (file.symlink) return `${file.path} is a symbolic link, which is never written through`;
  if (file.unreadable) return `${file.path} cannot be read (${file.unreadable})`;
  if (!file.writable) return `${file.path} is not writable by UID ${uid}`;
  return undefined;
}

const NO_LIBRARY = 'libnss_wrapper.so was not found (install libnss-wrapper or pass --nss-wrapper-lib)';

/** What a plan needs written: the UID's entry, names for GIDs, a placeholder replaced. */
interface Needs {
  user: boolean;
  groups: boolean;
  placeholder: boolean;
}

/**
 * How the change is made, or why the UID's entry cannot be. `auto`: in place when every file the
 * change needs is writable (passwd mode), else nss_wrapper's copies when libnss_wrapper is there,
 * else in place as far as it goes, else only the environment. A placeholder is only ever replaced
 * in nss_wrapper's copy: the runtime's file is never written.
 */
export function pickMode(config: Config, facts: Facts, needs: Needs): { mode: FixMode; reason?: string } {
  const passwdProblem = needs.user ? inPlaceProblem(facts.passwd, facts.uid) : undefined;
  const groupProblem = needs.groups ? inPlaceProblem(facts.group, facts.uid) : undefined;
  const libProblem = facts.nssWrapperLib === undefined ? NO_LIBRARY : undefined;
  if (config.mode === 'env') return { mode: 'env', reason: '--mode env asks for no more' };
  if (needs.placeholder) {
    if (config.mode === 'passwd')
      return { mode: 'env', reason: "--mode passwd: the runtime's entry is never rewritten" };
    return libProblem ? { mode: 'env', reason: libProblem } : { mode: 'nss-wrapper' };
  }
  if (config.mode === 'passwd')
    return passwdProblem ? { mode: 'env', reason: `--mode passwd: ${passwdProblem}` } : { mode: 'passwd' };
  if (config.mode === 'nss-wrapper')
    return libProblem ? { mode: 'env', reason: `--mode nss-wrapper: ${libProblem}` } : { mode: 'nss-wrapper' };
  if (!passwdProblem && !groupProblem) return { mode: 'passwd' };
  if (!libProblem) return { mode: 'nss-wrapper' };
  if (needs.user && !passwdProblem) return { mode: 'passwd' };
  const problems = [passwdProblem, groupProblem].filter((p) => p !== undefined).join(' and ');
  return {
    mode: 'env',
    reason: `${problems} and ${NO_LIBRARY}; for a full fix install libnss-wrapper (recommended) or make /etc/passwd group-writable`,
  };
}

/** What nss_wrapper's copies leave out: a source that cannot be read gives a copy of only the lines added. */
function copyWarnings(facts: Facts, mode: FixMode): string[] {
  if (mode !== 'nss-wrapper') return [];
  return [facts.passwd, facts.group]
    .filter((file) => file.unreadable)
    .map(
      (file) =>
        `${file.path} cannot be read (${file.unreadable}): nss_wrapper's copy of it holds only the lines added (make it readable, mode 0644)`,
    );
}

/** The names for the unnamed GIDs, as `login`'s; none for GIDs the mode cannot write. */
function groupsFor(facts: Facts, login: string) {
  return nameGroups(
    facts.unnamedGids,
    { uid: facts.uid, gid: facts.gid, login },
    (name) => findGroupByName(facts.group.text, name) !== undefined,
  );
}

/** The inputs chooseHome takes that every plan shares. */
const homeInput = (config: Config, facts: Pick<Facts, 'uid' | 'tempBases'>, failed: ReadonlySet<string>) => ({
  configured: config.home,
  uid: facts.uid,
  tempBases: facts.tempBases,
  failed,
});

/**
 * The change as far as the mode can write it: in env mode nothing, in passwd mode no group lines
 * when /etc/group cannot be written (a warning each).
 */
function fitChange(change: FileChange, mode: FixMode, facts: Facts, warnings: string[]): FileChange | undefined {
  if (mode === 'env') {
    for (const { gid } of change.groupNames)
      warnings.push(`GID ${gid} has no group and nothing can be written; it stays unnamed`);
    return undefined;
  }
  const groupProblem = inPlaceProblem(facts.group, facts.uid);
  if (mode === 'passwd' && groupProblem && change.groupLines.length > 0) {
    for (const { gid } of change.groupNames)
      warnings.push(`GID ${gid} has no group and ${groupProblem}; it stays unnamed`);
    return { ...change, groupLines: [], groupNames: [] };
  }
  return change;
}

/** Whether HOME is to be chosen: unset, or "/", which is no home (a runtime's default). */
export const homeIsUnset = (env: Record<string, string | undefined>): boolean => !env.HOME || env.HOME === '/';

/**
 * Plan for an entry with a real name, as far as it needs no file: USER and LOGNAME from it, HOME
 * when unset or "/". The whole plan when every GID the process holds has a name (identity.ts
 * then reads neither passwd nor group); planKnown adds the groups.
 */
export function planNamed(
  config: Config,
  facts: Pick<Facts, 'uid' | 'gid' | 'tempBases' | 'dirInfo'>,
  user: UserRecord,
  unsetHome: boolean,
  status: 'known' | 'present',
  failed: ReadonlySet<string> = new Set(),
): Plan {
  const env: Record<string, string> = { USER: user.name, LOGNAME: user.name };
  if (!unsetHome) return { uid: facts.uid, gid: facts.gid, status, env, warnings: [] };
  const home = chooseHome(
    { ...homeInput(config, facts, failed), entryHome: user.home, login: user.name },
    facts.dirInfo,
  );
  env.HOME = home.home;
  return { uid: facts.uid, gid: facts.gid, status, env, warnings: [...home.warnings], home };
}

/**
 * Plan when the C library has an entry with a real name, or the passwd file has one though it
 * did not say so (`present`): the entry is kept (planNamed), and the GIDs that have none get
 * names. In nss-wrapper mode the copy must answer for the UID too: when the file has no line for
 * it (LDAP, sssd), the C library's entry goes in.
 */
export function planKnown(
  config: Config,
  facts: Facts,
  user: UserRecord,
  unsetHome: boolean,
  status: 'known' | 'present',
  failed: ReadonlySet<string> = new Set(),
): Plan {
  const plan = planNamed(config, facts, user, unsetHome, status, failed);
  const { warnings } = plan;
  const groups = groupsFor(facts, user.name);
  warnings.push(...groups.warnings);
  if (groups.lines.length === 0) return plan;
  const { mode } = pickMode(config, facts, { user: false, groups: true, placeholder: false });
  const inFile = findPasswdByUid(facts.passwd.text, facts.uid) !== undefined;
  const change = fitChange(
    {
      groupLines: groups.lines,
      groupNames: groups.named,
      ...(mode === 'nss-wrapper' && !inFile && { passwdLine: formatPasswdLine({ ...user, password: 'x' }) }),
    },
    mode,
    facts,
    warnings,
  );
  if (!change || change.groupLines.length === 0) return plan;
  warnings.push(...copyWarnings(facts, mode));
  return {
    ...plan,
    mode,
    change,
    ...(mode === 'nss-wrapper' && facts.nssWrapperLib && { nssWrapperLib: facts.nssWrapperLib }),
  };
}

/**
 * Plan for a UID without a real name: the entry to add (or, in place of a runtime's placeholder,
 * to put in front of it in nss_wrapper's copy), the entry of another UID that owns the login name
 * and is renamed (displaced), the GIDs to name, HOME, and the environment. Never adds, renames or
 * shadows anything with UID 0. `failed` holds the HOME directories a start could not make.
 */
export function planFix(
  config: Config,
  facts: Facts,
  env: Record<string, string | undefined>,
  failed: ReadonlySet<string> = new Set(),
): Plan {
  const { uid, gid } = facts;
  const unsetHome = homeIsUnset(env);
  const placeholder = facts.user && isPlaceholder(facts.user, uid) ? facts.user : undefined;
  if (facts.user && !placeholder) return planKnown(config, facts, facts.user, unsetHome, 'known', failed);
  const existing = placeholder ? undefined : findPasswdByUid(facts.passwd.text, uid);
  if (existing && !isPlaceholder(existing, uid)) {
    return planKnown(config, facts, existing, unsetHome, 'present', failed);
  }
  const runtimeEntry = placeholder ?? existing;

  const { login, owner, rename, refusal, warnings: loginWarnings } = chooseLogin(config, facts.passwd, uid);
  const home = chooseHome({ ...homeInput(config, facts, failed), entryHome: owner?.home, login }, facts.dirInfo);
  const warnings = [...loginWarnings, ...home.warnings];
  const identityEnv = { USER: login, LOGNAME: login, HOME: home.home };
  const kept = runtimeEntry && { name: runtimeEntry.name, replaced: false };
  if (refusal) {
    // Where a runtime's entry stays, its name is what whoami prints: USER and LOGNAME say the same.
    const names = runtimeEntry ? { USER: runtimeEntry.name, LOGNAME: runtimeEntry.name } : {};
    return {
      uid,
      gid,
      status: runtimeEntry ? 'known' : 'unfixable',
      env: { ...identityEnv, ...names },
      home,
      reason: refusal,
      warnings,
      ...(kept && { placeholder: kept }),
    };
  }

  const groups = groupsFor(facts, login);
  warnings.push(...groups.warnings);
  const needs = { user: true, groups: groups.lines.length > 0, placeholder: runtimeEntry !== undefined };
  const { mode, reason } = pickMode(config, facts, needs);
  const passwdLine = formatPasswdLine({
    name: login,
    password: 'x',
    uid,
    gid,
    gecos: config.gecos ?? login,
    home: home.home,
    shell: config.shell,
  });
  const change = fitChange(
    {
      passwdLine,
      groupLines: groups.lines,
      groupNames: groups.named,
      ...(rename && { rename }),
      ...(runtimeEntry && { before: runtimeEntry.name }),
      ...(mode === 'passwd' && facts.passwdBefore && { basis: facts.passwdBefore }),
    },
    mode,
    facts,
    warnings,
  );
  if (mode === 'env' || !change) {
    const names = runtimeEntry ? { USER: runtimeEntry.name, LOGNAME: runtimeEntry.name } : {};
    const status = runtimeEntry ? 'known' : reason?.startsWith('--mode env') ? 'fix' : 'unfixable';
    return {
      uid,
      gid,
      status,
      mode: 'env',
      env: { ...identityEnv, ...names },
      home,
      ...(reason && { reason }),
      warnings,
      ...(kept && { placeholder: kept }),
    };
  }
  warnings.push(...copyWarnings(facts, mode));
  return {
    uid,
    gid,
    status: runtimeEntry ? 'placeholder' : 'fix',
    mode,
    change,
    env: identityEnv,
    home,
    warnings,
    ...(runtimeEntry && { placeholder: { name: runtimeEntry.name, replaced: true } }),
    ...(mode === 'nss-wrapper' && facts.nssWrapperLib && { nssWrapperLib: facts.nssWrapperLib }),
  };
}
