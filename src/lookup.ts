// Effects (read only): what the C library answers for this process's UID and GIDs, through the
// addon where the install has one (src/addon.ts), else through the public API and the files.
import type { Addon } from './addon.js';
import type { UserRecord } from './facts.js';
import { findGroupByGid } from './passwd.js';

/**
 * The C library's entry for `uid` (getpwuid_r: files, nss_wrapper, LDAP and sssd count), or
 * undefined when it has none or the lookup itself failed (an LDAP server away): either way no
 * name. Without the addon, os.userInfo(), which asks the same and throws for no entry; it gives no
 * GECOS field.
 */
export function lookupUser(uid: number, addon: Addon | undefined): UserRecord | undefined {
  if (addon) {
    const found = addon.lookupUser(uid);
    if (found === null || typeof found === 'number') return undefined;
    const [name, , entryUid, gid, gecos, home, shell] = found;
    return { name, uid: entryUid, gid, gecos, home, shell };
  }
  try {
    const info = process.getBuiltinModule('node:os').userInfo();
    return {
      name: info.username,
      uid: info.uid,
      gid: info.gid,
      gecos: '',
      home: info.homedir,
      shell: info.shell ?? '',
    };
  } catch {
    return undefined;
  }
}

/**
 * The GIDs of `gids` that have no name. Through the addon, as the C library answers getgrgid (a
 * failed lookup counts as named: nothing is added over a name that may be there). Without it,
 * Node has no API for a group, and the group file the C library reads answers: `groupText`.
 */
export function unnamedGids(gids: number[], addon: Addon | undefined, groupText: () => string): number[] {
  if (addon) return gids.filter((gid) => addon.lookupGroup(gid) === null);
  const text = groupText();
  return gids.filter((gid) => findGroupByGid(text, gid) === undefined);
}

/** Every GID this process holds, the primary first, each once. */
export function heldGids(gid: number): number[] {
  const all = [gid, ...(process.getgroups?.() ?? [])];
  return [...new Set(all)];
}
