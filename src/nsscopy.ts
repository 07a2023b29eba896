// Pure: the passwd and group copies nss_wrapper reads. nss_wrapper rejects a whole file for one line
// it cannot parse (a comment, a NIS "+" line, a short line), and reads some lines otherwise than
// glibc (blanks before a line, empty group members, numbers past 32 bits). So a copy holds every
// entry glibc reads from the file, each as a line nss_wrapper reads as the same entry, in the same
// order, and nothing else: every name that resolved before resolves the same through the copy.
//
// Texts here are the files' bytes, a character each (latin1), so lines in any encoding pass
// through as they were; a line added in UTF-8 is turned into its bytes first (asBytes).
import { readFileSync } from 'node:fs';
import type { FileChange } from './plan.js';
import { formatGroupLine, formatPasswdLine, linesOf, parseGroupLine, parsePasswdLine } from './passwd.js';

/** `line` (UTF-8 text) as its bytes, a character each. */
export const asBytes = (line: string): string => Buffer.from(line, 'utf8').toString('latin1');

/**
 * A line nss_wrapper reads exactly as glibc does: a name that does not start with a blank (C's
 * isspace), '#', '+', '-' or ':', no NUL, and decimal IDs of at most nine digits; in passwd the seven fields
 * (the shell may hold more colons), in group four with members that are not empty and do not
 * start with a blank. Every other line is rewritten or left out (canonicalPasswd).
 */
const PLAIN_PASSWD =
  /^[^ \t\n\v\f\r#+\-:\0][^:\n\0]*:[^:\n\0]*:(?:0|[1-9][0-9]{0,8}):(?:0|[1-9][0-9]{0,8}):[^:\n\0]*:[^:\n\0]*:[^\n\0]*$/;
const PLAIN_GROUP =
  /^[^ \t\n\v\f\r#+\-:\0][^:\n\0]*:[^:\n\0]*:(?:0|[1-9][0-9]{0,8}):(?:[^ \t\n\v\f\r,:\0][^,:\n\0]*(?:,[^ \t\n\v\f\r,:\0][^,:\n\0]*)*)?$/;

/** Whether every line of `text` is empty or matches `plain`. Lines end at '\n' only, as glibc's do. */
const allPlain = (text: string, plain: RegExp): boolean =>
  linesOf(text).every((line) => line === '' || plain.test(line));

/** Whether nss_wrapper reads every line of a passwd text as glibc does, so that it may be copied as it is. */
export const plainPasswd = (text: string): boolean => allPlain(text, PLAIN_PASSWD);

/**
 * plainPasswd on the file at `path` (false when it cannot be read): the addon's (native/plain.c)
 * where there is one, else this.
 */
export const plainPasswdFile = (path: string): boolean => {
  try {
    return plainPasswd(readFileSync(path, 'latin1'));
  } catch {
    return false;
  }
};

/** The same for a group text. */
export const plainGroup = (text: string): boolean => allPlain(text, PLAIN_GROUP);

/**
 * A copy of a passwd text for nss_wrapper, with the change: the rename in place; the UID's line
 * in front of the runtime's placeholder (change.before), so that a lookup of the UID finds it
 * first while the placeholder's name still resolves, or else at the end.
 */
export function passwdCopy(text: string, change: FileChange, uid: number): string {
  const out: string[] = [];
  const line = change.passwdLine === undefined ? undefined : asBytes(change.passwdLine);
  let placed = line === undefined;
  let renamed = change.rename === undefined;
  for (const raw of linesOf(text)) {
    const entry = parsePasswdLine(raw);
    if (!entry) continue;
    if (!renamed && change.rename && entry.name === change.rename.from && entry.uid === change.rename.uid) {
      entry.name = change.rename.to;
      renamed = true;
    }
    if (!placed && line !== undefined && entry.uid === uid && entry.name === change.before) {
      out.push(line);
      placed = true;
    }
    out.push(formatPasswdLine(entry));
  }
  if (!placed && line !== undefined) out.push(line);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** A copy of a group text for nss_wrapper, with `lines` added at the end. */
export function groupCopy(text: string, lines: string[]): string {
  const out: string[] = [];
  for (const raw of linesOf(text)) {
    const entry = parseGroupLine(raw);
    if (entry) out.push(formatGroupLine(entry));
  }
  out.push(...lines.map(asBytes));
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
