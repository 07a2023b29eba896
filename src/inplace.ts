// Effects (write): passwd mode, the plan's lines written into /etc/passwd and /etc/group in place.
// /etc is not writable in a container, so there is no rename of a new file over the old one:
// every change is a positioned write, and a reader never sees a file cut short or half a line.
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { appendix, checkedGroupLine, checkedPasswdLine, editPasswdBytes } from './edit.js';
import type { FileVersion } from './facts.js';
import { grepLines } from './grep.js';
import { acquireLock, type Bind } from './lock.js';
import {
  findGroupByGid,
  findGroupByName,
  findPasswdByName,
  findPasswdByUid,
  idNeedles,
  nameNeedle,
  parseGroupLine,
  parsePasswdLine,
} from './passwd.js';
import type { FileChange } from './plan.js';

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
 * Replaces `old` with `next` in the open file by one positioned write of everything from the
 * first changed byte on. The file is never truncated: when `next` is shorter (a rename to a
 * shorter name) the rest is padded with blank lines, which every passwd reader skips. A write
 * that fails part-way (a full disk) puts the old bytes back before it throws.
 */
export function rewriteTail(fd: number, old: Buffer, next: Buffer): void {
  let at = 0;
  if (next.length >= old.length && next.subarray(0, old.length).equals(old)) at = old.length;
  else while (at < old.length && at < next.length && old[at] === next[at]) at += 1;
  const pad = Math.max(old.length - next.length, 0);
  try {
    writeAt(fd, Buffer.concat([next.subarray(at), Buffer.alloc(pad, 0x0a)]), at);
  } catch (error) {
    // The old bytes fit where they were, and the length goes back to theirs.
    try {
      writeAt(fd, old.subarray(at), at);
      ftruncateSync(fd, old.length);
    } catch {
      // Nothing more can be done; the error below says what failed.
    }
    throw error;
  }
}

/**
 * Appends `text` (whole lines) to the open file in one positioned write at its end, repairing a
 * missing final line break.
 */
const appendAt = (fd: number, text: string): void => {
  const { size } = fstatSync(fd);
  let last = '';
  if (size > 0) {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, size - 1);
    last = byte.toString('latin1');
  }
  // appendix() puts a line break first where the file lacks a final one; `text` ends with its own.
  try {
    writeAt(fd, Buffer.from(appendix(last, text.slice(0, -1)), 'utf8'), size);
  } catch (error) {
    // A full disk may take part of the line: the file goes back to its length before.
    try {
      ftruncateSync(fd, size);
    } catch {
      // The error below says what failed.
    }
    throw error;
  }
};

// O_NOFOLLOW: a symlinked /etc/passwd is never written through.
const openForEdit = (path: string): number => openSync(path, constants.O_RDWR | constants.O_NOFOLLOW);

/**
 * Whether the open file is still the one `basis` describes. Every start writes passwd under the
 * lock, and every write makes it longer (an appended line; a rename pads rather than truncates:
 * rewriteTail), so the same device, inode and length mean no start has written since.
 */
const unchangedSince = (fd: number, basis: FileVersion | undefined): boolean => {
  if (!basis) return false;
  const { dev, ino, size } = fstatSync(fd);
  return dev === basis.dev && ino === basis.ino && size === basis.size;
};

/** The file the lock is named after when /etc/passwd is not opened: it, where it exists, else /etc/group. */
const lockTarget = (paths: { passwd: string; group: string }): { dev: number; ino: number } => {
  try {
    return statSync(paths.passwd);
  } catch {
    return statSync(paths.group);
  }
};

/** What passwd mode did. */
export interface InPlaceOutcome {
  /** The UID's line: written; already there (another start got there first); or none planned. */
  user: 'written' | 'present' | 'none';
  /** The GIDs named in /etc/group. */
  groups: { gid: number; name: string }[];
  /** Why the group lines were not written, when the UID's line was. */
  groupError?: Error;
}

/** Thrown when another start took the planned login name since the plan: plan again. */
export class NameTaken extends Error {}

/** The UID's line, under the lock: present already, or written (with the rename). */
function writeUser(fd: number, change: FileChange, uid: number): 'written' | 'present' {
  const line = checkedPasswdLine(change.passwdLine ?? '');
  const name = parsePasswdLine(line)?.name ?? '';
  if (!unchangedSince(fd, change.basis)) {
    const lines = grepLines(fd, [...idNeedles(uid), nameNeedle(name)]);
    if (findPasswdByUid(lines, uid)) return 'present';
    const owner = findPasswdByName(lines, name);
    if (owner && owner.uid !== change.rename?.uid)
      throw new NameTaken(`the name ${name} was taken by UID ${owner.uid}`);
  }
  if (change.rename) {
    const old = readAll(fd);
    rewriteTail(fd, old, editPasswdBytes(old, change));
  } else {
    appendAt(fd, `${line}\n`);
  }
  return 'written';
}

/**
 * The group lines, under the lock: those whose GID and name are still free (another start may
 * have named the GID since the plan), appended in one write.
 */
function writeGroups(path: string, change: FileChange): { gid: number; name: string }[] {
  const fd = openForEdit(path);
  try {
    const text = readAll(fd).toString('utf8');
    const lines: string[] = [];
    const named: { gid: number; name: string }[] = [];
    for (const raw of change.groupLines) {
      const line = checkedGroupLine(raw);
      const entry = parseGroupLine(line);
      if (!entry || findGroupByGid(text, entry.gid) || findGroupByName(text, entry.name)) continue;
      lines.push(`${line}\n`);
      named.push({ gid: entry.gid, name: entry.name });
    }
    if (lines.length > 0) appendAt(fd, lines.join(''));
    return named;
  } finally {
    closeSync(fd);
  }
}

/**
 * Passwd mode: the UID's line (and a rename) in /etc/passwd, then the group lines in /etc/group,
 * under a lock that concurrent starts share (named after /etc/passwd's device and inode), each
 * looked for once more under it, so that concurrent starts and restarts add one line per UID and
 * one per GID. The UID's line is searched for again only if a start has written since the plan
 * found none (change.basis). A failed group write after the UID's line is reported, not thrown:
 * the UID has its name.
 */
export async function applyInPlace(
  change: FileChange,
  uid: number,
  paths: { passwd: string; group: string },
  bind: Bind,
): Promise<InPlaceOutcome> {
  const fd = change.passwdLine === undefined ? undefined : openForEdit(paths.passwd);
  try {
    // One lock for both files: named after /etc/passwd, or /etc/group where there is no passwd to write.
    const { dev, ino } = fd === undefined ? lockTarget(paths) : fstatSync(fd);
    const release = await acquireLock(`uid-entrypoint/${dev}/${ino}`, bind);
    try {
      const user = fd === undefined ? 'none' : writeUser(fd, change, uid);
      if (change.groupLines.length === 0) return { user, groups: [] };
      try {
        return { user, groups: writeGroups(paths.group, change) };
      } catch (error) {
        if (user === 'none') throw error;
        return { user, groups: [], groupError: error as Error };
      }
    } finally {
      await release();
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
