// Effects (read only), then the pure planner: the identity plan for this process, which the run,
// --dry-run and doctor share.
import type { Addon } from './addon.js';
import type { Config, Env } from './config.js';
import { inheritedNssWrapper } from './env.js';
import type { Facts, FileFacts } from './facts.js';
import { heldGids, lookupUser, unnamedGids } from './lookup.js';
import { loginCandidates } from './login.js';
import { findPasswdByUid, idNeedles, nameNeedle } from './passwd.js';
import { homeIsUnset, isPlaceholder, type Plan, planFix, planNamed, planRoot } from './plan.js';
import {
  dirInfo,
  ETC,
  fileVersion,
  findNssWrapper,
  libcPasswdRole,
  libraryDirs,
  probeFile,
  readable,
} from './probe.js';
import { type TempBases, tempBases } from './tempdirs.js';

/**
 * From this size on, nsswitch.conf is read to learn what /etc/passwd is to the C library
 * (nsswitch.ts), so that the file is searched once, not twice: the C library's search for the UID
 * and ours cost in proportion to the file. Below it, reading nsswitch.conf costs more than it saves.
 */
export const LARGE_PASSWD = 256 * 1024;

/** The IDs of this process. */
export interface Ids {
  uid: number;
  gid: number;
}

/**
 * The passwd and group files the C library answers from: the ones an inherited nss_wrapper
 * environment names, when both can be read (an outer uid-entrypoint's, or an image's older
 * recipe that still works), else /etc/passwd and /etc/group. An inherited pair that cannot be
 * read answers nothing: it is `stale`, and COMMAND is not given it.
 */
export function identityFiles(env: Env): { passwd: string; group: string; inherited: boolean; stale?: string } {
  const nssWrapper = inheritedNssWrapper(env);
  if (!nssWrapper) return { ...ETC, inherited: false };
  if (readable(nssWrapper.passwd) && readable(nssWrapper.group)) return { ...nssWrapper, inherited: true };
  return {
    ...ETC,
    inherited: false,
    stale: `the inherited nss_wrapper files (NSS_WRAPPER_PASSWD=${nssWrapper.passwd}, NSS_WRAPPER_GROUP=${nssWrapper.group}) cannot be read, so nss_wrapper answered nothing; COMMAND does not get them`,
  };
}

/** What an inherited nss_wrapper file is to the planner: the source of the names, never written in place. */
const asInherited = (file: FileFacts): FileFacts => ({ ...file, writable: false });

/**
 * The identity plan for this process: the C library's answer first, then the files, and of a
 * large passwd only the lines that may hold the UID or a name the plan looks up. Where the C
 * library reads a large passwd alone (nsswitch.ts), our search answers in its place unless a
 * line has the UID; where it reads it first, the file is not searched for the UID after it.
 * `failed` holds HOME directories a start could not make, to plan around.
 */
export function planIdentity(
  config: Config,
  env: Env,
  ids: Ids,
  addon: Addon | undefined,
  failed: ReadonlySet<string> = new Set(),
): Plan {
  const { uid, gid } = ids;
  if (uid === 0) return planRoot(env, lookupUser(0, addon)?.name ?? 'root', gid);
  const files = identityFiles(env);
  // Before anyone reads it: a passwd still like this at the write had no entry for the UID.
  const passwdBefore = files.inherited ? undefined : fileVersion(files.passwd);
  const large = (passwdBefore?.size ?? 0) >= LARGE_PASSWD;
  const role = large ? libcPasswdRole(env.LD_PRELOAD) : 'other';
  const names = [...loginCandidates(config), ...(config.displace === '' ? [] : [config.displace])].map(nameNeedle);
  // The file is the C library's whole answer: ours gives it, unless a line has the UID.
  const searched = role === 'only' ? probeFile(files.passwd, [...idNeedles(uid), ...names]) : undefined;
  const user = searched && !findPasswdByUid(searched.text, uid) ? undefined : lookupUser(uid, addon);
  const gids = heldGids(gid);
  // Through the addon, the C library says which GIDs have no name; without it, the group file
  // read below does (lookup.ts).
  const unnamedByLibc = addon ? unnamedGids(gids, addon, () => '') : undefined;
  // The most common start: a real name, and a name for every GID. Nothing is to be written, so
  // neither file is read.
  if (user && !isPlaceholder(user, uid) && unnamedByLibc?.length === 0) {
    const temp = tempBases(env.TMPDIR, dirInfo);
    const facts = { uid, gid, tempBases: temp.bases, dirInfo };
    return finish(planNamed(config, facts, user, homeIsUnset(env), 'known', failed), temp, files);
  }
  // The C library searched the file first, in vain: no line there has the UID.
  const uidNeedles = role === 'first' && !user ? [] : idNeedles(uid);
  const userNames = user ? [nameNeedle(user.name)] : [];
  const passwd = searched ?? probeFile(files.passwd, [...uidNeedles, ...names, ...userNames]);
  const group = probeFile(files.group);
  const temp = tempBases(env.TMPDIR, dirInfo);
  const facts: Facts = {
    uid,
    gid,
    gids,
    user,
    unnamedGids: unnamedByLibc ?? unnamedGids(gids, undefined, () => group.text),
    passwd: files.inherited ? asInherited(passwd) : passwd,
    group: files.inherited ? asInherited(group) : group,
    nssWrapperLib: findNssWrapper(config.nssWrapperLib, libraryDirs(process.arch)),
    tempBases: temp.bases,
    dirInfo,
    ...(passwdBefore && { passwdBefore }),
  };
  return finish(planFix(config, facts, env, failed), temp, files);
}

/**
 * The plan with what only this process knows: the temp directories, a stale nss_wrapper
 * environment, the files read.
 */
function finish(plan: Plan, temp: TempBases, files: ReturnType<typeof identityFiles>): Plan {
  const warnings = [...temp.warnings, ...(files.stale ? [files.stale] : []), ...plan.warnings];
  return {
    ...plan,
    warnings,
    ...(files.stale && { unset: ['NSS_WRAPPER_PASSWD', 'NSS_WRAPPER_GROUP'] }),
    sources: { passwd: files.passwd, group: files.group },
    tempBases: temp.bases,
  };
}
