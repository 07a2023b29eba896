// Effects: execve(2) through the addon build.mjs compiles from native/execve.c, when there is one.
//
// process.execve first loads Node's worker and stream modules to learn it runs on the main thread:
// 3-4 ms of every start on Node 24, a third of the entrypoint's own cost (bench/README.md). The
// addon execs at once. And Node 20, which has no process.execve, execs through it too, instead of
// staying behind as COMMAND's parent.
import { envPairs } from './env.js';

/** Replaces this process; throws an errno error (`code` ENOENT, ...) when the kernel refuses. */
export type Execve = (file: string, args: string[], env: Record<string, string>) => never;

/**
 * The directory of the running bundle, dist/, where build.mjs puts the addon: CommonJS's
 * __dirname (bin/uid-entrypoint.cjs passes it to a bundle run from its code cache too; the lazy
 * modules sit next to it). Undefined where this code does not run as CommonJS.
 */
export const bundleDir = (): string | undefined => (typeof __dirname === 'string' ? __dirname : undefined);

/** The addon's file: one per platform and architecture, next to the bundle. */
export const addonName = (platform: string = process.platform, arch: string = process.arch): string =>
  `execve-${platform}-${arch}.node`;

/** An execve(2) that returned, as Node reports a failed system call. */
export function errnoError(errno: number, file: string): Error & { code: string; errno: number } {
  const entry = Object.entries(process.getBuiltinModule('node:os').constants.errno).find(([, n]) => n === errno);
  const code = entry?.[0] ?? `errno ${errno}`;
  return Object.assign(new Error(`execve ${file}: ${code}`), { code, errno, syscall: 'execve', path: file });
}

/**
 * execve(2) from the addon in `dir`, or undefined when it is not there or does not load (no C
 * compiler at build time, another architecture, a libc it was not built for).
 */
export function addonExecve(dir: string | undefined): Execve | undefined {
  const file = dir === undefined ? undefined : `${dir}/${addonName()}`;
  // Looked for first: a failed dlopen throws, and a process's first exception costs 0.15-0.25 ms.
  if (file === undefined || !process.getBuiltinModule('node:fs').existsSync(file)) return undefined;
  const addon = { exports: {} as { execve?: unknown } };
  try {
    process.dlopen(addon, file);
  } catch {
    return undefined;
  }
  const native = addon.exports.execve;
  if (typeof native !== 'function') return undefined;
  return (file, args, env) => {
    const errno = (native as (file: string, args: string[], env: string[]) => number)(file, args, envPairs(env));
    throw errnoError(errno, file);
  };
}
