// Effects (read only): what the C library, the files and the libraries say, as Facts.
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  statSync,
  type Stats,
} from 'node:fs';
import type { DirInfo, FileFacts, FileVersion } from './facts.js';
import { grepLines, WHOLE } from './grep.js';
import { passwdRole, type PasswdRole } from './nsswitch.js';

/** Where the identity files live; tests and `try` keep the defaults, a bind mount does the rest. */
export const ETC = { passwd: '/etc/passwd', group: '/etc/group' } as const;

/** A small file's text, or undefined when it cannot be read. */
export const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * What /etc/passwd is to the C library's lookups (nsswitch.ts), given this process's LD_PRELOAD.
 * Something may answer in its place: a preloaded library, or nscd, which glibc and musl ask first
 * wherever its socket is.
 */
export const libcPasswdRole = (ldPreload: string | undefined): PasswdRole =>
  passwdRole(
    readText('/etc/nsswitch.conf'),
    Boolean(ldPreload) || existsSync('/etc/ld.so.preload') || existsSync('/var/run/nscd/socket'),
  );

const canAccess = (path: string, mode: number): boolean => {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether this process may write `path` (access(2), W_OK), given its stat. A refused access()
 * throws, and an exception costs more than the rest of a probe, so the mode bits answer first
 * where they can only say no. For a UID other than 0, access()
 * weighs no capability (the kernel clears them for the check), only: the owner's write bit when
 * the UID owns the file; else the group's or others' (with an ACL the group bits are its mask,
 * which bounds every named user and group). Where they allow it, access() decides: group
 * membership, the ACL itself, a read-only mount.
 */
const isWritable = (path: string, stat: { mode: number; uid: number }): boolean => {
  const uid = process.getuid?.() ?? 0;
  const bitsAllow = uid === 0 || (stat.uid === uid ? (stat.mode & 0o200) !== 0 : (stat.mode & 0o022) !== 0);
  return bitsAllow && canAccess(path, constants.W_OK);
};

/**
 * The lines of the file at `path` that contain any of `needles`, through grepLines' buffer. Throws
 * what open and read throw.
 */
const grepFile = (path: string, needles: string[]): string => {
  const fd = openSync(path, constants.O_RDONLY);
  try {
    return grepLines(fd, needles);
  } finally {
    closeSync(fd);
  }
};

/**
 * A passwd or group file: whether it exists, is a symbolic link, can be read (and if not, why),
 * is writable, and its text for the planner: a small file's whole, or (given `needles`) a large
 * one's lines that contain any of them, read through a small buffer (grep.ts).
 */
export function probeFile(path: string, needles?: string[]): FileFacts {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    return { path, text: '', exists: false, writable: false, symlink: false };
  }
  const symlink = stat.isSymbolicLink();
  const writable = !symlink && isWritable(path, stat);
  try {
    const whole = (symlink ? statSync(path) : stat).size <= WHOLE || needles === undefined;
    const text = whole ? readFileSync(path, 'utf8') : grepFile(path, needles);
    return { path, text, exists: true, writable, symlink };
  } catch (error) {
    const unreadable = (error as NodeJS.ErrnoException).code ?? String(error);
    return { path, text: '', exists: true, unreadable, writable: false, symlink };
  }
}

/** Whether `path` is a file this process can read. */
export const readable = (path: string): boolean => {
  try {
    return statSync(path).isFile() && canAccess(path, constants.R_OK);
  } catch {
    return false;
  }
};

/** Which file `path` is, and its length; undefined when it cannot be stat'ed. */
export function fileVersion(path: string): FileVersion | undefined {
  try {
    const { dev, ino, size } = statSync(path);
    return { dev, ino, size };
  } catch {
    return undefined;
  }
}

const NOTHING: DirInfo = { kind: 'missing', symlink: false, writable: false, own: false, open: false, shared: false };

/** What is at `path`, for HOME and the temp directories (facts.ts, DirInfo). */
export function dirInfo(path: string): DirInfo {
  let stat: Stats | undefined;
  let symlink = false;
  try {
    // A missing directory is the common case (/home/LOGIN): answered without an exception.
    stat = lstatSync(path, { throwIfNoEntry: false });
    symlink = stat?.isSymbolicLink() ?? false;
    if (symlink) stat = statSync(path, { throwIfNoEntry: false });
  } catch {
    return { ...NOTHING, kind: 'other', symlink };
  }
  if (!stat) return { ...NOTHING, symlink };
  if (!stat.isDirectory()) return { ...NOTHING, kind: 'other', symlink };
  const uid = process.getuid?.() ?? 0;
  return {
    kind: 'directory',
    symlink,
    writable: isWritable(path, stat),
    own: stat.uid === uid,
    open: (stat.mode & 0o022) !== 0,
    shared: (stat.mode & 0o1002) === 0o1002,
  };
}

const MULTIARCH: Record<string, string> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  arm: 'arm-linux-gnueabihf',
  ppc64: 'powerpc64le-linux-gnu',
  s390x: 's390x-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
  ia32: 'i386-linux-gnu',
};

/**
 * Library directories searched for libnss_wrapper.so, multiarch first (Debian, Ubuntu), then
 * classic (Fedora, Alpine).
 */
export function libraryDirs(arch: string): string[] {
  const triplet = MULTIARCH[arch];
  const multi = triplet ? [`/usr/lib/${triplet}`, `/lib/${triplet}`, `/usr/local/lib/${triplet}`] : [];
  return [...multi, '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib64', '/usr/local/lib'];
}

/** The configured libnss_wrapper if it exists, else the first one found in `dirs`. */
export function findNssWrapper(configured: string | undefined, dirs: string[]): string | undefined {
  if (configured !== undefined) return canAccess(configured, constants.R_OK) ? configured : undefined;
  for (const dir of dirs) {
    for (const file of ['libnss_wrapper.so', 'libnss_wrapper.so.0']) {
      const path = `${dir}/${file}`;
      // existsSync first: it answers a missing file without an exception.
      if (existsSync(path) && canAccess(path, constants.R_OK)) return path;
    }
  }
  return undefined;
}

/** Whether this process is PID 1 of its PID namespace (where it must reap and forward signals). */
export const isPid1 = (): boolean => process.pid === 1;
