// Pure: facts + config -> the identity fix, as data. apply.ts carries it out.
import type { Config } from './config.js';
import type { Facts, FileVersion } from './facts.js';
import { chooseHome, homeCandidates } from './home.js';
import {
  countPasswdByName,
  findGroupByGid,
  findGroupByName,
  findPasswdByName,
  findPasswdByUid,
  formatGroupLine,
  formatPasswdLine,
} from './passwd.js';

export type FixMode = 'passwd' | 'nss-wrapper' | 'env';

/** Changes to passwd and group text; edit.ts turns them into new text. */
export interface FileChange {
  /** A passwd line to append. */
  passwdLine?: string;
  /** Rename the entry called `from` (another UID) to `to`. */
  rename?: { from: string; to: string; uid: number };
  /** A group line to append. */
  groupLine?: string;
  /**
   * Passwd mode: the passwd in which the UID was found to have no entry. While
   * the file is still that one, apply.ts need not search it for the UID again.
   */
  basis?: FileVersion;
}

export interface Plan {
  uid: number;
  gid: number;
  /**
   * root: UID 0, nothing to fix. known: the C library has an entry.
   * present: the passwd file has one though the C library did not say so.
   * fix: an entry is written. unfixable: nothing can be written.
   */
  status: 'root' | 'known' | 'present' | 'fix' | 'unfixable';
  mode?: FixMode;
  change?: FileChange;
  /** libnss_wrapper.so, in nss-wrapper mode. */
  nssWrapperLib?: string;
  /** USER, LOGNAME, HOME to set on top of the inherited environment. */
  env: Record<string, string>;
  /** Why the identity stays unfixed (status unfixable, or mode env). */
  reason?: string;
  warnings: string[];
}

/** Plan for UID 0: only USER and LOGNAME, and only when unset. */
export function planRoot(env: Record<string, string | undefined>, name: string, gid: number): Plan {
  const set: Record<string, string> = {};
  if (!env.USER) set.USER = name;
  if (!env.LOGNAME) set.LOGNAME = name;
  return { uid: 0, gid, status: 'root', env: set, warnings: [] };
}

/** Plan when the C library knows the UID: names from its entry, HOME only when unset or "/". */
export function planKnown(
  config: Config,
  facts: Pick<Facts, 'uid' | 'gid' | 'tmpdir' | 'dirState'>,
  user: { name: string; home: string },
  homeIsUnset: boolean,
  status: 'known' | 'present' = 'known',
): Plan {
  const env: Record<string, string> = { USER: user.name, LOGNAME: user.name };
  const warnings: string[] = [];
  if (homeIsUnset) {
    const candidates = homeCandidates(config.home, user.home, user.name, facts.tmpdir);
    const choice = chooseHome(candidates, facts.dirState, config.home);
    env.HOME = choice.home;
    warnings.push(...choice.warnings);
  }
  return { uid: facts.uid, gid: facts.gid, status, env, warnings };
}

/** Which way `auto` fixes, or why the forced mode cannot. */
export function pickMode(config: Config, facts: Facts): { mode: FixMode; reason?: string } {
  const passwdReason = !facts.passwd.exists
    ? `${facts.passwd.path} does not exist`
    : facts.passwd.symlink
      ? `${facts.passwd.path} is a symbolic link, which is never written through`
      : !facts.passwd.writable
        ? `${facts.passwd.path} is not writable by UID ${facts.uid}`
        : undefined;
  const nssReason =
    facts.nssWrapperLib === undefined
      ? 'libnss_wrapper.so was not found (install libnss-wrapper or pass --nss-wrapper-lib)'
      : undefined;
  switch (config.mode) {
    case 'passwd':
      return passwdReason ? { mode: 'env', reason: `--mode passwd: ${passwdReason}` } : { mode: 'passwd' };
    case 'nss-wrapper':
      return nssReason ? { mode: 'env', reason: `--mode nss-wrapper: ${nssReason}` } : { mode: 'nss-wrapper' };
    case 'env':
      return { mode: 'env', reason: '--mode env sets only USER, LOGNAME and HOME' };
    case 'auto':
      if (!passwdReason) return { mode: 'passwd' };
      if (!nssReason) return { mode: 'nss-wrapper' };
      return {
        mode: 'env',
        reason: `${passwdReason} and ${nssReason}; for a full fix install libnss-wrapper (recommended) or make /etc/passwd group-writable`,
      };
  }
}

/**
 * Plan for a UID the C library does not know: the entry to add, the entry
 * to displace, the group to add, and the environment. Never adds, renames
 * or shadows anything with UID 0.
 */
export function planFix(config: Config, facts: Facts, env: Record<string, string | undefined>): Plan {
  const { uid, gid } = facts;
  const passwdText = facts.passwd.text;
  const homeIsUnset = !env.HOME || env.HOME === '/';
  const existing = findPasswdByUid(passwdText, uid);
  if (existing) return planKnown(config, facts, existing, homeIsUnset, 'present');

  const login = config.name;
  const owner = findPasswdByName(passwdText, login);
  let refusal: string | undefined;
  let rename: FileChange['rename'];
  if (owner) {
    if (owner.uid === 0)
      refusal = `the name ${login} belongs to UID 0, which is never displaced; choose another --name`;
    else if (countPasswdByName(passwdText, login) > 1)
      refusal = `the name ${login} belongs to more than one entry in ${facts.passwd.path}; which one to displace is ambiguous, so none is`;
    else if (config.displace === '')
      refusal = `the name ${login} belongs to UID ${owner.uid} and --displace is empty, so it is not taken over`;
    else if (findPasswdByName(passwdText, config.displace))
      refusal = `the name ${login} belongs to UID ${owner.uid} and the --displace name ${config.displace} is taken too`;
    else rename = { from: login, to: config.displace, uid: owner.uid };
  }

  const candidates = homeCandidates(config.home, owner?.home, login, facts.tmpdir);
  const choice = chooseHome(candidates, facts.dirState, config.home);
  const warnings = [...choice.warnings];
  const identityEnv = { USER: login, LOGNAME: login, HOME: choice.home };
  if (refusal) return { uid, gid, status: 'unfixable', env: identityEnv, reason: refusal, warnings };

  const { mode, reason } = pickMode(config, facts);
  if (mode === 'env')
    return {
      uid,
      gid,
      status: reason?.startsWith('--mode env') ? 'fix' : 'unfixable',
      mode,
      env: identityEnv,
      reason,
      warnings,
    };

  const change: FileChange = {
    passwdLine: formatPasswdLine({
      name: login,
      password: 'x',
      uid,
      gid,
      gecos: config.gecos ?? login,
      home: choice.home,
      shell: config.shell,
    }),
  };
  if (rename) change.rename = rename;
  if (!findGroupByGid(facts.group.text, gid)) {
    if (gid === 0) warnings.push(`GID 0 has no group in ${facts.group.path}; a group with GID 0 is never added`);
    else if (findGroupByName(facts.group.text, login))
      warnings.push(`GID ${gid} has no group and the name ${login} is taken in ${facts.group.path}; no group is added`);
    else if (mode === 'passwd' && !facts.group.writable)
      warnings.push(`GID ${gid} has no group and ${facts.group.path} is not writable; no group is added`);
    else change.groupLine = formatGroupLine({ name: login, password: 'x', gid, members: [] });
  }
  if (mode === 'passwd' && facts.passwdBefore) change.basis = facts.passwdBefore;
  const plan: Plan = { uid, gid, status: 'fix', mode, change, env: identityEnv, warnings };
  if (mode === 'nss-wrapper' && facts.nssWrapperLib) plan.nssWrapperLib = facts.nssWrapperLib;
  return plan;
}
