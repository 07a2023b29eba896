// Pure: a planned FileChange applied to passwd text (or bytes), and the lines it adds checked once more.
import type { FileChange } from './plan.js';
import { findLine, parseGroupLine, parsePasswdLine } from './passwd.js';

/**
 * What appending `line` adds to a file whose last character is `last` ('' for
 * an empty file): the line, after a line break if the file lacks a final one.
 */
export const appendix = (last: string, line: string): string => `${last === '' || last === '\n' ? '' : '\n'}${line}\n`;

/** Appends `line` as a line of its own, repairing a missing final line break first. */
export const appendLine = (text: string, line: string): string => `${text}${appendix(text.slice(-1), line)}`;

const assertSafe = (line: string, what: string): void => {
  if (/[\n\r\0]/.test(line)) throw new Error(`refusing to write a ${what} line with a line break or NUL`);
};

/** The passwd line to append, checked once more: one well-formed line, never UID 0. */
export function checkedPasswdLine(line: string): string {
  assertSafe(line, 'passwd');
  const entry = parsePasswdLine(line);
  if (!entry) throw new Error(`refusing to write a malformed passwd line: ${JSON.stringify(line)}`);
  if (entry.uid === 0) throw new Error('refusing to write a passwd line with UID 0');
  return line;
}

/** The group line to append, checked once more. */
export function checkedGroupLine(line: string): string {
  assertSafe(line, 'group');
  if (!parseGroupLine(line)) throw new Error(`refusing to write a malformed group line: ${JSON.stringify(line)}`);
  return line;
}

/** New passwd text: the rename (if any) in place, then the new line appended. */
export function editPasswd(text: string, change: FileChange): string {
  let out = text;
  if (change.rename) {
    const { from, to, uid } = change.rename;
    const found = findLine(out, 0, from);
    const entry = found && parsePasswdLine(found.text);
    if (!found || !entry || entry.uid !== uid)
      throw new Error(`the entry ${from} (UID ${uid}) to displace changed under us`);
    if (entry.uid === 0) throw new Error('refusing to rename an entry with UID 0');
    out = `${out.slice(0, found.start)}${to}${out.slice(found.start + from.length)}`;
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
