// Effects (write): nss-wrapper mode, private copies of passwd and group with the plan's change, in
// a fresh directory nss_wrapper is pointed at (env.ts). The files in /etc are never written.
import { chmodSync, constants, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendix, checkedGroupLine, checkedPasswdLine } from './edit.js';
import { asBytes, groupCopy, passwdCopy, plainPasswd } from './nsscopy.js';
import type { FileChange } from './plan.js';

/** A file's bytes as text, a character each; '' when it is missing or cannot be read (the plan warned). */
const readBytes = (path: string): string => {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
};

/**
 * The passwd copy at `target`. Where the source is plain (every line one nss_wrapper reads as
 * glibc does, nsscopy.ts) and only a line is added, the kernel copies it and the line is
 * appended; else the copy is written from the text.
 */
function writePasswd(source: string, target: string, change: FileChange, uid: number): void {
  const text = readBytes(source);
  const onlyAppend = change.rename === undefined && change.before === undefined;
  if (onlyAppend && text !== '' && plainPasswd(text)) {
    copyFileSync(source, target, constants.COPYFILE_EXCL);
    chmodSync(target, 0o644);
    if (change.passwdLine !== undefined) {
      writeFileSync(target, appendix(text.slice(-1), asBytes(change.passwdLine)), { encoding: 'latin1', flag: 'a' });
    }
    return;
  }
  writeFileSync(target, passwdCopy(text, change, uid), { encoding: 'latin1', mode: 0o644, flag: 'wx' });
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
): NssWrapperFiles {
  // Checked before anything is written.
  if (change.passwdLine !== undefined) checkedPasswdLine(change.passwdLine);
  for (const line of change.groupLines) checkedGroupLine(line);
  const failures: string[] = [];
  for (const base of bases) {
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(base, 'uid-entrypoint-'));
      const files = { dir, passwd: join(dir, 'passwd'), group: join(dir, 'group') };
      writePasswd(sources.passwd, files.passwd, change, uid);
      writeFileSync(files.group, groupCopy(readBytes(sources.group), change.groupLines), {
        encoding: 'latin1',
        mode: 0o644,
        flag: 'wx',
      });
      return files;
    } catch (error) {
      failures.push(`${base}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(
    `no temp directory took the nss_wrapper files (${failures.join(', ')}); set TMPDIR to a writable directory or mount a tmpfs on /tmp`,
  );
}
