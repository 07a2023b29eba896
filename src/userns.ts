// Why user namespaces are unavailable, from the sysctls that can block them.
import { readText } from './probe.js';

/** The sysctls that decide whether this user may create a user namespace (undefined: absent here). */
export interface UsernsSysctls {
  /** kernel.unprivileged_userns_clone (Debian, older Ubuntu): 0 blocks ordinary users. */
  unprivilegedClone?: string;
  /** user.max_user_namespaces: 0 blocks everyone. */
  maxUserNamespaces?: string;
  /** kernel.apparmor_restrict_unprivileged_userns (Ubuntu >= 23.10): 1 blocks unconfined ordinary users. */
  apparmorRestrict?: string;
}

/** Pure: the setting that blocks user namespaces for this user, with how to lift it; undefined if none. */
export function usernsBlocker(sysctls: UsernsSysctls, root: boolean): string | undefined {
  if (sysctls.maxUserNamespaces?.trim() === '0')
    return 'user.max_user_namespaces is 0: no user namespaces at all (sysctl -w user.max_user_namespaces=15000)';
  if (root) return undefined;
  if (sysctls.unprivilegedClone?.trim() === '0')
    return 'kernel.unprivileged_userns_clone is 0: ordinary users may not create user namespaces (sysctl -w kernel.unprivileged_userns_clone=1)';
  if (sysctls.apparmorRestrict?.trim() === '1') {
    return 'kernel.apparmor_restrict_unprivileged_userns is 1: AppArmor keeps unconfined programs from user namespaces (sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile for unshare with the userns rule)';
  }
  return undefined;
}

/** Reads the sysctls usernsBlocker looks at. */
export const readUsernsSysctls = (): UsernsSysctls => ({
  unprivilegedClone: readText('/proc/sys/kernel/unprivileged_userns_clone'),
  maxUserNamespaces: readText('/proc/sys/user/max_user_namespaces'),
  apparmorRestrict: readText('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
});
