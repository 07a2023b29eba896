// Effects: the Node-API addon that build.mjs compiles from native/, where this install has one.
//
// It does what Node's public APIs do not, or do only through code a start does not otherwise load:
// execve(2) with the caller's signal mask and every signal at its default (process.execve first
// loads Node's worker and stream modules to check that it runs on the main thread, and keeps the
// signals Node ignores ignored); the bind of passwd mode's lock socket (node:net loads its stream
// internals, cluster and child_process to make it); and the C library's name for a GID, for which
// Node has no API at all (and for a UID, which os.userInfo() answers with an exception when there
// is none); and the scan of a passwd file for lines nss_wrapper would read otherwise than glibc,
// which a cold Node takes tens of milliseconds over on a 100,000-line file. Without the addon
// (another architecture, no C compiler at build time, a Node run with --permission), the public
// APIs and the files stand in, as src/exec.ts, src/lock.ts and src/probe.ts say.

/** What native/module.c exports. */
export interface Addon {
  /**
   * execve(2) that keeps stdio open, with every signal at its default and `mask` (SigBlk's
   * hexadecimal; none blocked without it); returns the errno when the kernel refuses.
   */
  execve(file: string, args: string[], env: string[], mask?: string): number;
  /** A UNIX socket bound to the abstract address NUL + name: its descriptor, or minus the errno. */
  bindLock(name: string): number;
  /** Closes a descriptor bindLock returned: 0, or minus the errno. */
  releaseLock(fd: number): number;
  /** getpwuid_r: [name, password, uid, gid, gecos, home, shell], null for no entry, or the errno. */
  lookupUser(uid: number): [string, string, number, number, string, string, string] | null | number;
  /** getgrgid_r: the group's name, null for no entry, or the errno. */
  lookupGroup(gid: number): string | null | number;
  /**
   * nsscopy.ts's plainPasswd on the file at `path`, in C: a large file in a fraction of the time;
   * false when it cannot be read.
   */
  plainPasswd(path: string): boolean;
}

/**
 * The directory of the running bundle, dist/, where build.mjs puts the addon: CommonJS's
 * __dirname (bin/uid-entrypoint.cjs passes it to a bundle run from its code cache too). Undefined
 * where this code does not run as CommonJS (the unit tests).
 */
export const bundleDir = (): string | undefined => (typeof __dirname === 'string' ? __dirname : undefined);

/** The addon's file: one per platform and architecture, next to the bundle (build.mjs names it so). */
export const addonName = (platform: string = process.platform, arch: string = process.arch): string =>
  `native-${platform}-${arch}.node`;

const isAddon = (exports: Partial<Addon>): exports is Addon =>
  typeof exports.execve === 'function' &&
  typeof exports.bindLock === 'function' &&
  typeof exports.releaseLock === 'function' &&
  typeof exports.lookupUser === 'function' &&
  typeof exports.lookupGroup === 'function' &&
  typeof exports.plainPasswd === 'function';

const loaded = new Map<string, Addon | undefined>();

/**
 * The addon in `dir`, loaded once; undefined when there is none, it does not load (a libc or
 * architecture it was not built for), or it is not this version's.
 */
export function loadAddon(dir: string | undefined): Addon | undefined {
  if (dir === undefined) return undefined;
  if (loaded.has(dir)) return loaded.get(dir);
  const file = `${dir}/${addonName()}`;
  let addon: Addon | undefined;
  // Looked for first: a missing file is the common case on other architectures, and an answer is
  // cheaper than an exception.
  if (process.getBuiltinModule('node:fs').existsSync(file)) {
    const module = { exports: {} as Partial<Addon> };
    try {
      process.dlopen(module, file);
      if (isAddon(module.exports)) addon = module.exports;
    } catch {
      // Not loadable here: the public APIs stand in.
    }
  }
  loaded.set(dir, addon);
  return addon;
}

/** A failed system call of the addon, as Node reports one (`code` ENOENT, EACCES, ...). */
export function errnoError(errno: number, syscall: string, path: string): Error & { code: string; errno: number } {
  const entry = Object.entries(process.getBuiltinModule('node:os').constants.errno).find(([, n]) => n === errno);
  const code = entry?.[0] ?? `errno ${errno}`;
  return Object.assign(new Error(`${syscall} ${path}: ${code}`), { code, errno, syscall, path });
}
