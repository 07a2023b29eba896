// Pure: which directory becomes HOME, and whether it must be made first.
import { FIELD_PATH, FIELD_PATH_TEXT } from './config.js';
import type { DirInfo } from './facts.js';

export interface HomeInput {
  /** --home, UID_ENTRYPOINT_HOME or $HOME (unless unset or "/"; $HOME may be no path at all). */
  configured: string | undefined;
  /** The home of the entry in question: the displaced owner's, or the C library's for a known UID. */
  entryHome: string | undefined;
  login: string;
  uid: number;
  /** The temp directories, best first (tempdirs.ts). */
  tempBases: string[];
  /** Directories a start already failed to make: passed over. */
  failed: ReadonlySet<string>;
}

export interface HomeChoice {
  home: string;
  /**
   * What the run makes before it uses `home`: the directory and its parents (a configured home
   * that does not exist yet), or a private directory of this UID in a temp directory.
   */
  create?: 'parents' | 'private';
  warnings: string[];
}

/** The private directory for `uid` in the temp directory `base`. */
export const privateHome = (base: string, uid: number): string => `${base}/uid-entrypoint-home-${uid}`;

/** Why a directory that exists is no HOME: undefined when it is a writable one that is not shared. */
function unfit(info: DirInfo): string | undefined {
  if (info.kind === 'other') return 'is not a directory';
  if (!info.writable) return 'is not writable by this user';
  if (info.shared) return 'is shared by every user (world-writable and sticky, as /tmp): files in it are not private';
  return undefined;
}

/**
 * HOME, best first:
 * 1. the configured home, made (with its parents, mode 0700) when it does not exist yet;
 * 2. the entry's home, unless "/";
 * 3. /home/LOGIN;
 * 4. a private directory of this UID, uid-entrypoint-home-UID, in the first temp directory
 *    where it can be made or is this UID's own already (mode 0700, no one else may write in it).
 * 1 to 3 must be writable directories that are not shared by every user (HOME=/tmp would let
 * another UID plant a .profile there). A configured home passed over gets a warning that says why.
 * When nothing fits, HOME is the first directory that exists, with a warning; never "/".
 */
export function chooseHome(input: HomeInput, dirInfo: (path: string) => DirInfo): HomeChoice {
  const { configured, entryHome, login, uid, tempBases, failed } = input;
  const warnings: string[] = [];
  const passedOver = (why: string): void => {
    if (configured !== undefined) warnings.push(`home ${configured} ${why}`);
  };
  // An inherited $HOME is not held to the rule of --home (config.ts): one a passwd line cannot hold is no candidate.
  const usable = configured !== undefined && FIELD_PATH.test(configured) ? configured : undefined;
  if (configured !== undefined && usable === undefined) {
    warnings.push(`$HOME ${JSON.stringify(configured)} is not ${FIELD_PATH_TEXT}`);
  }
  if (usable !== undefined) {
    const info = dirInfo(usable);
    if (info.kind === 'missing') {
      if (!failed.has(usable)) return { home: usable, create: 'parents', warnings };
      passedOver('does not exist and could not be created');
    } else {
      const problem = unfit(info);
      if (!problem) return { home: usable, warnings };
      passedOver(problem);
    }
  }
  for (const dir of [entryHome, `/home/${login}`]) {
    if (dir === undefined || dir === '' || dir === '/' || dir === usable) continue;
    const info = dirInfo(dir);
    if (info.kind === 'directory' && !unfit(info)) return withNote({ home: dir, warnings }, configured);
  }
  for (const base of tempBases) {
    const dir = privateHome(base, uid);
    if (failed.has(dir)) continue;
    const info = dirInfo(dir);
    if (info.kind === 'missing' && !info.symlink)
      return withNote({ home: dir, create: 'private', warnings }, configured);
    if (info.kind === 'directory' && !info.symlink && info.own && !info.open && info.writable) {
      return withNote({ home: dir, warnings }, configured);
    }
  }
  const existing = [usable, entryHome, `/home/${login}`, ...tempBases].find(
    (dir) => dir !== undefined && dir !== '/' && dirInfo(dir).kind === 'directory',
  );
  const home = existing ?? tempBases[0] ?? '/tmp';
  const info = dirInfo(home);
  const detail = info.kind === 'missing' ? 'does not exist' : unfit(info);
  warnings.push(
    `no private, writable directory could be found or made for HOME; HOME is ${home}${detail ? `, which ${detail}` : ''}`,
  );
  return { home, warnings };
}

/** The warning about a configured home passed over ends with where HOME went instead. */
function withNote(choice: HomeChoice, configured: string | undefined): HomeChoice {
  const last = choice.warnings.length - 1;
  if (configured !== undefined && last >= 0) choice.warnings[last] = `${choice.warnings[last]}; HOME is ${choice.home}`;
  return choice;
}
