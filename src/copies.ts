// Effects (write): nss-wrapper mode, private copies of passwd and group with the plan's change, in
// a fresh directory nss_wrapper is pointed at (env.ts). The files in /etc are never written.
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { appendix, checkedGroupLine, checkedPasswdLine } from './edit.js';
import { asBytes, groupCopy, passwdCopy, plainGroup, plainPasswdFile } from './nsscopy.js';
import type { FileChange } from './plan.js';

/** A file's bytes; none when it is missing or cannot be read (the plan warned). */
const readBytes = (path: string): Buffer => {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
};

/** Writes a new file of mode 0644 exactly, whatever the umask. */
const writeNew = (target: string, bytes: Buffer | string): void => {
  writeFileSync(target, bytes, { encoding: 'latin1', mode: 0o644, flag: 'wx' });
  chmodSync(target, 0o644);
};

/**
 * Whether nss_wrapper reads every line of the passwd file at a path as glibc does (nsscopy.ts);
 * false when it cannot be read.
 */
export type PlainCheck = (path: string) => boolean;

/**
 * The passwd copy at `target`. Where the source is plain (every line one nss_wrapper reads as
 * glibc does) and only a line is added, the kernel copies it and the line is appended, and the
 * file's lines never pass through Node. Else it is written from the text (nsscopy.ts).
 */
function writePasswd(source: string, target: string, change: FileChange, uid: number, plain: PlainCheck): void {
  if (change.rename !== undefined || change.before !== undefined || !plain(source)) {
    writeNew(target, passwdCopy(readBytes(source).toString('latin1'), change, uid));
    return;
  }
  copyFileSync(source, target, constants.COPYFILE_EXCL);
  chmodSync(target, 0o644);
  if (change.passwdLine === undefined) return;
  // The copy's last byte says whether it ends its last line.
  const fd = openSync(target, 'r+');
  try {
    const { size } = fstatSync(fd);
    const last = Buffer.alloc(1);
    if (size > 0) readSync(fd, last, 0, 1, size - 1);
    writeSync(fd, appendix(size > 0 ? last.toString('latin1') : '', asBytes(change.passwdLine)), size, 'latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * The group file nss_wrapper reads: the source itself where nothing is added to it and nss_wrapper
 * reads it as glibc does; else a copy at `target` (nsscopy.ts), which an unreadable source leaves
 * with only the lines added.
 */
function groupFile(source: string, target: string, lines: string[]): string {
  const text = readBytes(source).toString('latin1');
  if (lines.length === 0 && text !== '' && plainGroup(text)) return source;
  writeNew(target, groupCopy(text, lines));
  return target;
}

export interface NssWrapperFiles {
  dir: string;
  passwd: string;
  group: string;
}

/**
 * nss-wrapper mode: copies of passwd and group with the change (nsscopy.ts), in a fresh mkdtemp
 * directory (0700, files 0644) under the first of `bases` where the whole of it can be written.
 * A directory where a write fails (a full or read-only temp dir) is removed again, and the next
 * one is tried; nothing half-made is left.
 */
export function writeNssWrapperFiles(
  change: FileChange,
  sources: { passwd: string; group: string },
  uid: number,
  bases: string[],
  plain: PlainCheck = plainPasswdFile,
): NssWrapperFiles {
  // Checked before anything is written.
  if (change.passwdLine !== undefined) checkedPasswdLine(change.passwdLine);
  for (const line of change.groupLines) checkedGroupLine(line);
  const failures: string[] = [];
  for (const base of bases) {
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(base, 'uid-entrypoint-'));
      const passwd = join(dir, 'passwd');
      writePasswd(sources.passwd, passwd, change, uid, plain);
      return { dir, passwd, group: groupFile(sources.group, join(dir, 'group'), change.groupLines) };
    } catch (error) {
      failures.push(`${base}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(
    `no temp directory took the nss_wrapper files (${failures.join(', ')}); set TMPDIR to a writable directory or mount a tmpfs on /tmp`,
  );
}
