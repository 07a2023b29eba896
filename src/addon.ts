// Effects: the addon build.mjs compiles from native/, when there is one: execve(2), and the file
// system calls of a start (files.ts). bin/uid-entrypoint.cjs loads it; this file says what it is.
//
// process.execve first loads Node's worker and stream modules to learn it runs on the main thread:
// 3-4 ms of every start on Node 24, a third of the entrypoint's own cost (bench/README.md). The
// addon execs at once. And Node 20, which has no process.execve, execs through it too, instead of
// staying behind as COMMAND's parent.
import { envPairs } from './env.js';

/** [dev, ino, size, mode, uid], as the addon's stat calls give them. */
export type StatFields = [number, number, number, number, number];

/** What the addon exports (native/addon.c). Each call returns its result, or -errno; none throws. */
export interface Native {
  execve(file: string, argv: string[], env: string[]): number;
  stat(path: string): StatFields | number;
  lstat(path: string): StatFields | number;
  fstat(fd: number): StatFields | number;
  access(path: string, mode: number): number;
  open(path: string, flags: number, mode: number): number;
  close(fd: number): number;
  fchmod(fd: number, mode: number): number;
  pread(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  pwrite(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  mkdtemp(prefix: string): string | number;
  copyNew(source: string, target: string, mode: number): number;
  /** The launcher's: V8's data from the code cache when it was made for `source`; 0 when not. */
  codeCache(file: string, source: string): Uint8Array | number;
}

const CALLS = ['execve', 'stat', 'lstat', 'fstat', 'access', 'open', 'close', 'fchmod', 'pread', 'pwrite', 'mkdtemp', 'copyNew', 'codeCache'] as const;

/**
 * The exports of a loaded addon as Native, or undefined when there are none, or one of its calls
 * is missing: an addon left over from another build is not called at all.
 */
export function asNative(exports: unknown): Native | undefined {
  if (typeof exports !== 'object' || exports === null) return undefined;
  const calls = exports as Record<string, unknown>;
  return CALLS.every((name) => typeof calls[name] === 'function') ? (exports as Native) : undefined;
}

/** Replaces this process; throws an errno error (`code` ENOENT, ...) when the kernel refuses. */
export type Execve = (file: string, args: string[], env: Record<string, string>) => never;

/** A system call that failed, as Node reports one: `code` (ENOENT, ...), `errno`, `syscall`, `path`. */
export function errnoError(errno: number, syscall: string, path?: string): Error & { code: string; errno: number } {
  const entry = Object.entries(process.getBuiltinModule('node:os').constants.errno).find(([, n]) => n === errno);
  const code = entry?.[0] ?? `errno ${errno}`;
  return Object.assign(new Error(`${syscall}${path === undefined ? '' : ` ${path}`}: ${code}`), { code, errno, syscall, ...(path !== undefined && { path }) });
}

/** execve(2) through the addon. */
export const addonExecve =
  (native: Native): Execve =>
  (file, args, env) => {
    throw errnoError(-native.execve(file, args, envPairs(env)), 'execve', file);
  };
