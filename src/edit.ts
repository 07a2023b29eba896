// Pure: a planned FileChange applied to passwd or group text, with the invariants checked once more.
import type { FileChange } from './plan.js';
import { findLine, parseGroupLine, parsePasswdLine } from './passwd.js';

/** Appends `line` as a line of its own, repairing a missing final line break first. */
export function appendLine(text: string, line: string): string {
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${sep}${line}\n`;
}

const assertSafe = (line: string, what: string): void => {
  if (/[\n\r\0]/.test(line)) throw new Error(`refusing to write a ${what} line with a line break or NUL`);
};

/** New passwd text: the rename (if any) in place, then the new line appended. */
export function editPasswd(text: string, change: FileChange): string {
  let out = text;
  if (change.rename) {
    const { from, to, uid } = change.rename;
    const found = findLine(out, 0, from);
    const entry = found && parsePasswdLine(found.text);
    if (!found || !entry || entry.uid !== uid) throw new Error(`the entry ${from} (UID ${uid}) to displace changed under us`);
    if (entry.uid === 0) throw new Error('refusing to rename an entry with UID 0');
    out = `${out.slice(0, found.start)}${to}${out.slice(found.start + from.length)}`;
  }
  if (change.passwdLine !== undefined) {
    const entry = parsePasswdLine(change.passwdLine);
    assertSafe(change.passwdLine, 'passwd');
    if (!entry) throw new Error(`refusing to write a malformed passwd line: ${JSON.stringify(change.passwdLine)}`);
    if (entry.uid === 0) throw new Error('refusing to write a passwd line with UID 0');
    out = appendLine(out, change.passwdLine);
  }
  return out;
}

/** New group text: the new group line appended. */
export function editGroup(text: string, change: FileChange): string {
  if (change.groupLine === undefined) return text;
  assertSafe(change.groupLine, 'group');
  if (!parseGroupLine(change.groupLine)) throw new Error(`refusing to write a malformed group line: ${JSON.stringify(change.groupLine)}`);
  return appendLine(text, change.groupLine);
}
