// Pure: the namespaces `try` starts the entrypoint in, as util-linux unshare and setpriv arguments.

/** A range of subordinate IDs from /etc/subuid or /etc/subgid. */
export interface IdRange {
  start: number;
  count: number;
}

/** The arguments of the outer `unshare` (before its namespace flags), and what runs inside it before the entrypoint. */
export type TryNamespaces = { outer: string[]; inner: string[] } | { problem: string };

/** The IDs to run as. */
export interface TryIds {
  uid: number;
  gid: number;
  /** Supplementary GIDs, as Kubernetes' fsGroup and supplementalGroups give them. */
  groups: number[];
}

const setpriv = ({ uid, gid, groups }: TryIds): string[] => [
  'setpriv',
  `--reuid=${uid}`,
  `--regid=${gid}`,
  groups.length > 0 ? `--groups=${groups.join(',')}` : '--clear-groups',
  '--',
];

/**
 * How try gets the IDs:
 * - as root (of the machine, where every ID exists): new mount and PID namespaces, and setpriv to
 *   the IDs themselves;
 * - as an ordinary user, without supplementary groups: two nested user namespaces, the outer
 *   mapping the caller to root (to mount), the inner mapping that root to UID and GID (util-linux
 *   2.38 maps the caller only; no subordinate IDs needed);
 * - as an ordinary user with supplementary groups: one user namespace mapping root to the caller
 *   and the UID and the GIDs to the caller's subordinate IDs (/etc/subuid, /etc/subgid, through
 *   newuidmap and newgidmap), then setpriv. unshare maps one range of them, so the GIDs other
 *   than 0 must be consecutive.
 */
export function tryNamespaces(
  target: TryIds,
  me: { name: string; root: boolean },
  sub: { uids: IdRange | undefined; gids: IdRange | undefined },
): TryNamespaces {
  if (me.root) return { outer: [], inner: setpriv(target) };
  const groups = target.groups.filter((g) => g !== target.gid);
  if (groups.length === 0) {
    return {
      outer: ['--user', '--map-root-user'],
      inner: ['unshare', '--user', `--map-user=${target.uid}`, `--map-group=${target.gid}`, '--'],
    };
  }
  if (!sub.uids || !sub.gids) {
    return {
      problem: `try --groups as an ordinary user needs subordinate IDs for ${me.name} in /etc/subuid and /etc/subgid (usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${me.name}), or run it as root`,
    };
  }
  const gids = [...new Set([target.gid, ...groups])].filter((g) => g !== 0).sort((a, b) => a - b);
  const low = gids[0] ?? 0;
  const count = gids.length === 0 ? 0 : (gids.at(-1) ?? 0) - low + 1;
  if (count > gids.length || count > sub.gids.count) {
    return {
      problem: `as an ordinary user, try maps one range of GIDs (util-linux unshare), so the GIDs other than 0 must be consecutive (asked for ${gids.join(', ')}); run try as root for any`,
    };
  }
  return {
    outer: [
      '--user',
      '--map-user=0',
      '--map-group=0',
      ...(target.uid === 0 ? [] : [`--map-users=${sub.uids.start},${target.uid},1`]),
      ...(count === 0 ? [] : [`--map-groups=${sub.gids.start},${low},${count}`]),
    ],
    inner: setpriv({ ...target, groups }),
  };
}
