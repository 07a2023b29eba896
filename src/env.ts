// Pure: the child's environment, built as a copy of the inherited one.

export type EnvRecord = Record<string, string | undefined>;

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

/** `env` as the KEY=VALUE strings execve(2) takes (the addon's execve). */
export const envPairs = (env: Record<string, string>): string[] =>
  Object.entries(env).map(([key, value]) => `${key}=${value}`);

/** A fresh environment: `base` copied, `set` on top; `base` is never mutated. */
export function childEnv(base: EnvRecord, set: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) out[key] = value;
  return Object.assign(out, set);
}
