// Pure: passwd mode's edits of a file in place, and the lines this tool adds, checked once more
// before they are written.
import type { FileChange } from './plan.js';
import { formatGroupLine, formatPasswdLine, leadingBlanks, parseGroupLine, parsePasswdLine } from './passwd.js';

/**
 * What appending `line` adds to a file whose last character is `last` ('' for an empty file):
 * the line, after a line break if the file lacks a final one.
 */
export const appendix = (last: string, line: string): string => `${last === '' || last === '\n' ? '' : '\n'}${line}\n`;

/** Appends `line` as a line of its own, repairing a missing final line break first. */
export const appendLine = (text: string, line: string): string => `${text}${appendix(text.slice(-1), line)}`;

const assertSafe = (line: string, what: string): void => {
  if (/[\n\r\0]/.test(line)) throw new Error(`refusing to write a ${what} line with a line break or NUL`);
};

/**
 * A passwd line this tool adds, checked once more: one line of exactly seven fields that glibc and
 * nss_wrapper read as the same entry (it is its own canonical form), never UID 0.
 */
export function checkedPasswdLine(line: string): string {
  assertSafe(line, 'passwd');
  const entry = parsePasswdLine(line);
  if (!entry || line.split(':').length !== 7 || formatPasswdLine(entry) !== line) {
    throw new Error(`refusing to write a malformed passwd line: ${JSON.stringify(line)}`);
  }
  if (entry.uid === 0) throw new Error('refusing to write a passwd line with UID 0');
  return line;
}

/** A group line this tool adds, checked once more: four fields, its own canonical form, never GID 0. */
export function checkedGroupLine(line: string): string {
  assertSafe(line, 'group');
  const entry = parseGroupLine(line);
  if (!entry || line.split(':').length !== 4 || formatGroupLine(entry) !== line) {
    throw new Error(`refusing to write a malformed group line: ${JSON.stringify(line)}`);
  }
  if (entry.gid === 0) throw new Error('refusing to write a group line with GID 0');
  return line;
}

/**
 * Where the name of the first entry called `name` starts in `text`, as glibc finds that entry
 * (blanks before a line skipped), with that entry; undefined when there is none.
 */
function nameAt(text: string, name: string): { at: number; uid: number } | undefined {
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    if (line.includes(`${name}:`)) {
      const entry = parsePasswdLine(line);
      if (entry?.name === name) return { at: start + leadingBlanks(line), uid: entry.uid };
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * New passwd text: the rename (if any) in place, then the new line appended. Only the renamed
 * name's characters and the appended line change; every other byte stays as it was.
 */
export function editPasswd(text: string, change: FileChange): string {
  let out = text;
  if (change.rename) {
    const { from, to, uid } = change.rename;
    const found = nameAt(out, from);
    if (!found || found.uid !== uid) throw new Error(`the entry ${from} (UID ${uid}) to displace changed under us`);
    if (found.uid === 0) throw new Error('refusing to rename an entry with UID 0');
    out = `${out.slice(0, found.at)}${to}${out.slice(found.at + from.length)}`;
  }
  return change.passwdLine === undefined ? out : appendLine(out, checkedPasswdLine(change.passwdLine));
}

/**
 * editPasswd on the file's bytes, every byte it does not change kept as it was. The edit runs on
 * the bytes as latin1 text, one character a byte, so lines in another encoding than UTF-8 (a
 * Latin-1 GECOS) pass through untouched; the new line goes in as its UTF-8 bytes.
 */
export function editPasswdBytes(bytes: Buffer, change: FileChange): Buffer {
  const asBytes: FileChange = { ...change };
  if (change.passwdLine !== undefined) asBytes.passwdLine = Buffer.from(change.passwdLine, 'utf8').toString('latin1');
  return Buffer.from(editPasswd(bytes.toString('latin1'), asBytes), 'latin1');
}
