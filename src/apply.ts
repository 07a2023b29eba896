// Effects (write): carry out a Plan on /etc/passwd and /etc/group, or on nss_wrapper copies.
import { closeSync, constants, fstatSync, mkdirSync, mkdtempSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { editGroup, editPasswd, groupEdit, passwdEdit, type Edit } from './edit.js';
import { acquireLock } from './lock.js';
import { findPasswdByUid } from './passwd.js';
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

const editInPlace = (path: string, edit: (text: string) => Edit | undefined): boolean => {
  // O_NOFOLLOW: a symlinked /etc/passwd is never written through.
  const fd = openSync(path, constants.O_RDWR | constants.O_NOFOLLOW);
  try {
    const old = readAll(fd);
    const change = edit(old.toString('utf8'));
    if (change === undefined) return false;
    if ('append' in change) writeAt(fd, Buffer.from(change.append, 'utf8'), old.length);
    else rewriteTail(fd, old, Buffer.from(change.text, 'utf8'));
    return true;
  } finally {
    closeSync(fd);
  }
};

/** What passwd mode did: 'written', or 'present' when another start got there first. */
export type PasswdOutcome = 'written' | 'present';

/**
 * Passwd mode: edit /etc/passwd and /etc/group in place, under a lock that
 * concurrent starts share, re-reading the files under it so a restart or a
 * racing start adds nothing.
 */
export async function applyPasswd(change: FileChange, uid: number, paths: { passwd: string; group: string }): Promise<PasswdOutcome> {
  const { dev, ino } = fstatOf(paths.passwd);
  const release = await acquireLock(`uid-entrypoint/${dev}/${ino}`);
  try {
    const wrote = editInPlace(paths.passwd, (text) => (findPasswdByUid(text, uid) ? undefined : passwdEdit(text, change)));
    if (!wrote) return 'present';
    if (change.groupLine !== undefined) editInPlace(paths.group, (text) => groupEdit(text, change));
    return 'written';
  } finally {
    await release();
  }
}

const fstatOf = (path: string): { dev: number; ino: number } => {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return fstatSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * nss_wrapper mode: private copies of passwd and group with the change, in a
 * fresh mkdtemp directory (0700, files 0644) under the first of `tmpdirs`
 * that takes one. Returns the two paths.
 */
export function writeNssWrapperFiles(
  change: FileChange,
  texts: { passwd: string; group: string },
  tmpdirs: string[],
): { dir: string; passwd: string; group: string } {
  const passwdText = editPasswd(texts.passwd, change);
  const groupText = editGroup(texts.group, change);
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
    const group = join(dir, 'group');
    writeFileSync(passwd, passwdText, { mode: 0o644, flag: 'wx' });
    writeFileSync(group, groupText, { mode: 0o644, flag: 'wx' });
    return { dir, passwd, group };
  }
  throw new Error(`no writable temp directory for the nss_wrapper files (${failures.join(', ')}); set TMPDIR or mount a tmpfs on /tmp`);
}
