// Effects (write): carry out a Plan on /etc/passwd and /etc/group, or on nss_wrapper copies.
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { appendix, checkedGroupLine, checkedPasswdLine, editPasswdBytes } from './edit.js';
import { grepLines } from './grep.js';
import { acquireLock, type Bind } from './lock.js';
import { findPasswdByUid, idNeedle } from './passwd.js';
import type { FileVersion } from './facts.js';
import type { FileChange } from './plan.js';

/** Creates `dir` (and parents, mode 0700) if missing; false when that is impossible. */
export function prepareHome(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return true;
  } catch {
    return false;
  }
}

const readAll = (fd: number): Buffer => {
  const size = fstatSync(fd).size;
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(size - total, 0) + 4096);
    const n = readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
};

/** Writes `bytes` at `at` in one positioned write (looping only on a short write). */
const writeAt = (fd: number, bytes: Buffer, at: number): void => {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
};

/**
 * Replaces `old` with `next` in the open file by one positioned write of
 * everything from the first changed byte on. Appends therefore never touch
 * existing bytes, and the file is never truncated: when `next` is shorter
 * (a rename to a shorter name) the rest is padded with blank lines, which
 * every passwd reader skips.
 */
export function rewriteTail(fd: number, old: Buffer, next: Buffer): void {
  let at = 0;
  if (next.length >= old.length && next.subarray(0, old.length).equals(old)) at = old.length;
  else while (at < old.length && at < next.length && old[at] === next[at]) at += 1;
  const pad = Math.max(old.length - next.length, 0);
  writeAt(fd, Buffer.concat([next.subarray(at), Buffer.alloc(pad, 0x0a)]), at);
}

/** The file's last character ('' when empty), read as one byte: enough to know whether it ends its last line. */
const lastChar = (fd: number, size: number): string => {
  if (size === 0) return '';
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, size - 1);
  return byte.toString('latin1');
};

/** Appends `line` to the open file as a line of its own, in one positioned write at its end. */
const appendAt = (fd: number, line: string): void => {
  const { size } = fstatSync(fd);
  writeAt(fd, Buffer.from(appendix(lastChar(fd, size), line), 'utf8'), size);
};

// O_NOFOLLOW: a symlinked /etc/passwd is never written through.
const openForEdit = (path: string): number => openSync(path, constants.O_RDWR | constants.O_NOFOLLOW);

/** Appends `line` to the file at `path` (appendAt), opened for the edit and closed again. */
const appendTo = (path: string, line: string): void => {
  const fd = openForEdit(path);
  try {
    appendAt(fd, line);
  } finally {
    closeSync(fd);
  }
};

/** What passwd mode did: 'written', or 'present' when another start got there first. */
export type PasswdOutcome = 'written' | 'present';

/**
 * Whether the open file is still the one `basis` describes. Every start writes
 * passwd under the lock, and every write makes it longer (an appended line;
 * a rename pads rather than truncates: rewriteTail), so the same device, inode
 * and length mean no start has written since.
 */
const unchangedSince = (fd: number, basis: FileVersion | undefined): boolean => {
  if (!basis) return false;
  const { dev, ino, size } = fstatSync(fd);
  return dev === basis.dev && ino === basis.ino && size === basis.size;
};

/**
 * Passwd mode: edit /etc/passwd and /etc/group in place, under a lock that
 * concurrent starts share (named after the file's device and inode), looking
 * for the UID once more under it, unless no start has written since the plan
 * found none (change.basis), so a restart or a racing start adds nothing.
 * Adding a line writes only its bytes at the end; only a rename rewrites.
 */
export async function applyPasswd(
  change: FileChange,
  uid: number,
  paths: { passwd: string; group: string },
  bind: Bind,
): Promise<PasswdOutcome> {
  const fd = openForEdit(paths.passwd);
  try {
    const { dev, ino } = fstatSync(fd);
    const release = await acquireLock(`uid-entrypoint/${dev}/${ino}`, bind);
    try {
      if (!unchangedSince(fd, change.basis) && findPasswdByUid(grepLines(fd, [idNeedle(uid)]), uid)) return 'present';
      if (change.rename) {
        const old = readAll(fd);
        rewriteTail(fd, old, editPasswdBytes(old, change));
      } else if (change.passwdLine !== undefined) {
        appendAt(fd, checkedPasswdLine(change.passwdLine));
      }
      if (change.groupLine !== undefined) appendTo(paths.group, checkedGroupLine(change.groupLine));
      return 'written';
    } finally {
      await release();
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A private copy of `source` at `target` (created new, 0644) with `line`
 * appended, or with `rewrite` applied to its whole content. The kernel copies
 * (copy_file_range), so a large passwd is never read into Node. A missing
 * source gives a file of just the line.
 */
function copyWith(source: string, target: string, line: string | undefined, rewrite?: (bytes: Buffer) => Buffer): void {
  if (rewrite) {
    writeFileSync(target, rewrite(readFileSync(source)), { mode: 0o644, flag: 'wx' });
    return;
  }
  try {
    copyFileSync(source, target, constants.COPYFILE_EXCL);
  } catch (error) {
    // target's directory was just made by mkdtemp: ENOENT is about source.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    writeFileSync(target, '', { flag: 'wx' });
  }
  // The copy takes the source's mode (0444 in some images); ours is 0644. target sits in our own
  // fresh 0700 directory, so changing it by path is safe.
  chmodSync(target, 0o644);
  if (line !== undefined) appendTo(target, line);
}

/**
 * nss_wrapper mode: private copies of passwd and group with the change, in a
 * fresh mkdtemp directory (0700, files 0644) under the first of `tmpdirs`
 * that takes one. Returns the two paths; with no group line to add, group is
 * the source itself, which nss_wrapper only reads.
 */
export function writeNssWrapperFiles(
  change: FileChange,
  sources: { passwd: string; group: string },
  tmpdirs: string[],
): { dir: string; passwd: string; group: string } {
  // Checked before anything is written.
  const passwdLine = change.passwdLine === undefined ? undefined : checkedPasswdLine(change.passwdLine);
  const groupLine = change.groupLine === undefined ? undefined : checkedGroupLine(change.groupLine);
  const failures: string[] = [];
  for (const base of tmpdirs) {
    let dir: string;
    try {
      dir = mkdtempSync(join(base, 'uid-entrypoint-'));
    } catch (error) {
      failures.push(`${base}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    const passwd = join(dir, 'passwd');
    copyWith(sources.passwd, passwd, passwdLine, change.rename ? (bytes) => editPasswdBytes(bytes, change) : undefined);
    if (groupLine === undefined && existsSync(sources.group)) return { dir, passwd, group: sources.group };
    const group = join(dir, 'group');
    copyWith(sources.group, group, groupLine);
    return { dir, passwd, group };
  }
  throw new Error(
    `no writable temp directory for the nss_wrapper files (${failures.join(', ')}); set TMPDIR or mount a tmpfs on /tmp`,
  );
}
