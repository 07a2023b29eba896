// Pure: COMMAND's environment, built as a copy of the inherited one.

export type EnvRecord = Record<string, string | undefined>;

/**
 * Where bin/uid-entrypoint.cjs keeps a setting Node reads from the environment (NODE_OPTIONS and
 * the rest of its list) out of this Node's: UID_ENTRYPOINT_SAVED_<NAME>. COMMAND gets each back
 * under its own name, byte for byte.
 */
export const SAVED_PREFIX = 'UID_ENTRYPOINT_SAVED_';

/** Where it keeps the signal mask it was started with (SigBlk's hexadecimal), for the exec. */
export const SIGMASK = 'UID_ENTRYPOINT_SIGMASK';

/** Splits LD_PRELOAD the way the dynamic loader does: on colons and white space. */
const preloadList = (value: string | undefined): string[] => (value ?? '').split(/[:\s]+/).filter((p) => p !== '');

/** LD_PRELOAD with `lib` first, everything else kept in order, no duplicates. */
export function preloadFirst(current: string | undefined, lib: string): string {
  return [...new Set([lib, ...preloadList(current)])].join(' ');
}

/** The variables nss_wrapper needs, given its two files and library. */
export function nssWrapperEnv(
  current: EnvRecord,
  lib: string,
  passwdPath: string,
  groupPath: string,
): Record<string, string> {
  return {
    NSS_WRAPPER_PASSWD: passwdPath,
    NSS_WRAPPER_GROUP: groupPath,
    LD_PRELOAD: preloadFirst(current.LD_PRELOAD, lib),
  };
}

/**
 * The nss_wrapper environment `env` carries, when it turns nss_wrapper on (libnss_wrapper in
 * LD_PRELOAD, both of its files named): an image's older recipe, or an outer uid-entrypoint.
 */
export function inheritedNssWrapper(env: EnvRecord): { passwd: string; group: string } | undefined {
  const { NSS_WRAPPER_PASSWD: passwd, NSS_WRAPPER_GROUP: group } = env;
  if (!passwd || !group || !preloadList(env.LD_PRELOAD).some((lib) => lib.includes('libnss_wrapper'))) return undefined;
  return { passwd, group };
}

/** `env` as the KEY=VALUE strings execve(2) takes (the addon's execve). */
export const envPairs = (env: Record<string, string>): string[] =>
  Object.entries(env).map(([key, value]) => `${key}=${value}`);

/**
 * COMMAND's environment: `base` copied, with what the launcher saved back under its own names
 * (and its own variables gone), the names in `unset` removed, then `set` on top. `base` is never
 * mutated.
 */
export function childEnv(
  base: EnvRecord,
  set: Record<string, string>,
  unset: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  const saved: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || key === SIGMASK) continue;
    if (key.startsWith(SAVED_PREFIX) && key.length > SAVED_PREFIX.length) saved[key.slice(SAVED_PREFIX.length)] = value;
    else out[key] = value;
  }
  Object.assign(out, saved);
  for (const key of unset) delete out[key];
  return Object.assign(out, set);
}
