// Pure: names for the GIDs a process holds that have none (Kubernetes' fsGroup and
// supplementalGroups, a `-u UID:GID` whose GID the image does not know).
import { formatGroupLine } from './passwd.js';

/** A name given to a GID, and why one could not be. */
export interface GroupNames {
  /** One group line for each GID named, in the order of `unnamed`. */
  lines: string[];
  named: { gid: number; name: string }[];
  warnings: string[];
}

/**
 * The name of an unnamed GID: the login name for the primary GID, and for a GID equal to the UID
 * (a user's private group, as OpenShift's fsGroup usually is), if no group has it yet; else
 * `group-GID`. Both are portable names; each is given once, and each GID named once. GID 0 is never given a group.
 */
export function nameGroups(
  unnamed: number[],
  ids: { uid: number; gid: number; login: string },
  taken: (name: string) => boolean,
): GroupNames {
  const out: GroupNames = { lines: [], named: [], warnings: [] };
  const used = new Set<string>();
  const free = (name: string): boolean => !used.has(name) && !taken(name);
  for (const gid of new Set(unnamed)) {
    if (gid === 0) {
      out.warnings.push('GID 0 has no group; a group with GID 0 is never added');
      continue;
    }
    const own = gid === ids.gid || gid === ids.uid;
    const name = own && free(ids.login) ? ids.login : `group-${gid}`;
    if (!free(name)) {
      out.warnings.push(
        `GID ${gid} has no group, and the name ${name} belongs to another one; no group is added for it`,
      );
      continue;
    }
    used.add(name);
    out.named.push({ gid, name });
    out.lines.push(formatGroupLine({ name, password: 'x', gid, members: [] }));
  }
  return out;
}
