// Effects: the file system calls of the start path, through the addon where it is loaded
// (native/files.c), else through node:fs. Both make the same system calls; everything else (which
// file, which flags, which mode) is the caller's, once. Node 20 compiles each node:fs function's
// JavaScript on its first call: through the addon, a start with a fix takes about 1 ms less on
// Node 20, and as long on Node 24 (bench/README.md, round fourteen).
import { accessSync, chmodSync, closeSync, constants, copyFileSync, existsSync, fchmodSync, fstatSync, lstatSync, mkdtempSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { errnoError, type Native, type StatFields } from './addon.js';

/** What the start path reads from a stat. */
export interface Stat {
  dev: number;
  ino: number;
  size: number;
  mode: number;
  uid: number;
}

const ofType = (stat: Stat, type: number): boolean => (stat.mode & constants.S_IFMT) === type;
export const isDirectory = (stat: Stat): boolean => ofType(stat, constants.S_IFDIR);
export const isFile = (stat: Stat): boolean => ofType(stat, constants.S_IFREG);
export const isSymbolicLink = (stat: Stat): boolean => ofType(stat, constants.S_IFLNK);

/** The calls. Those that return a value throw errno errors (`code` ENOENT, ...), as node:fs does, unless they say otherwise. */
export interface Files {
  /** stat(2), through symlinks; undefined when there is nothing to stat or it cannot be (a missing file is the common case). */
  stat(path: string): Stat | undefined;
  /** lstat(2): a symlink itself; undefined as for stat. */
  lstat(path: string): Stat | undefined;
  fstat(fd: number): Stat;
  /** access(2): whether this process may (R_OK, W_OK, X_OK; F_OK: whether it exists). */
  access(path: string, mode: number): boolean;
  /** open(2), close-on-exec. */
  open(path: string, flags: number, mode?: number): number;
  close(fd: number): void;
  /** fchmod(2): exactly `mode`, where open's mode passes through the umask. */
  fchmod(fd: number, mode: number): void;
  /** pread(2) into buffer[offset..offset+length): the bytes read. */
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  /** pwrite(2) from buffer[offset..offset+length): the bytes written. */
  write(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  /** mkdtemp(3): a new directory, mode 0700, `prefix` and six random characters. */
  mkdtemp(prefix: string): string;
  /** A copy of `source` at `target`, created (never an existing file or a symlink), with exactly `mode`. */
  copyNew(source: string, target: string, mode: number): void;
}

const statOf = (s: Stat): Stat => ({ dev: s.dev, ino: s.ino, size: s.size, mode: s.mode, uid: s.uid });
const picked = (s: Stat | undefined): Stat | undefined => s && statOf(s);

const maybe = <T>(call: () => T): T | undefined => {
  try {
    return call();
  } catch {
    return undefined;
  }
};

/** The calls through node:fs. */
export const NODE_FILES: Files = {
  // A missing file answers without an exception: the first of a process costs 0.15-0.25 ms.
  stat: (path) => picked(maybe(() => statSync(path, { throwIfNoEntry: false }))),
  lstat: (path) => picked(maybe(() => lstatSync(path, { throwIfNoEntry: false }))),
  fstat: (fd) => statOf(fstatSync(fd)),
  access: (path, mode) => {
    // existsSync first: it answers a missing file without an exception.
    if (!existsSync(path)) return false;
    try {
      accessSync(path, mode);
      return true;
    } catch {
      return false;
    }
  },
  open: (path, flags, mode) => openSync(path, flags, mode),
  close: (fd) => closeSync(fd),
  fchmod: (fd, mode) => fchmodSync(fd, mode),
  read: (fd, buffer, offset, length, position) => readSync(fd, buffer, offset, length, position),
  write: (fd, buffer, offset, length, position) => writeSync(fd, buffer, offset, length, position),
  mkdtemp: (prefix) => mkdtempSync(prefix),
  copyNew: (source, target, mode) => {
    // COPYFILE_EXCL: libuv opens the target O_CREAT|O_EXCL, which never follows a symlink. The
    // copy takes the source's mode; target is new, so changing it by path changes our own file.
    copyFileSync(source, target, constants.COPYFILE_EXCL);
    chmodSync(target, mode);
  },
};

const fields = ([dev, ino, size, mode, uid]: StatFields): Stat => ({ dev, ino, size, mode, uid });

/** The calls through the addon, with node:fs's errors. */
export function nativeFiles(native: Native): Files {
  const check = <T>(result: T | number, syscall: string, path?: string): T => {
    if (typeof result === 'number' && result < 0) throw errnoError(-result, syscall, path);
    return result as T;
  };
  const found = (result: StatFields | number): Stat | undefined => (typeof result === 'number' ? undefined : fields(result));
  return {
    stat: (path) => found(native.stat(path)),
    lstat: (path) => found(native.lstat(path)),
    fstat: (fd) => fields(check(native.fstat(fd), 'fstat')),
    access: (path, mode) => native.access(path, mode) === 0,
    open: (path, flags, mode = 0o666) => check(native.open(path, flags, mode), 'open', path),
    close: (fd) => void check(native.close(fd), 'close'),
    fchmod: (fd, mode) => void check(native.fchmod(fd, mode), 'fchmod'),
    read: (fd, buffer, offset, length, position) => check(native.pread(fd, buffer, offset, length, position), 'read'),
    write: (fd, buffer, offset, length, position) => check(native.pwrite(fd, buffer, offset, length, position), 'write'),
    mkdtemp: (prefix) => check(native.mkdtemp(prefix), 'mkdtemp', `${prefix}XXXXXX`),
    copyNew: (source, target, mode) => void check(native.copyNew(source, target, mode), 'copyfile', `${source} -> ${target}`),
  };
}
