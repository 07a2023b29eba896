// Pure: parse, find and format lines of /etc/passwd and /etc/group.

/** One /etc/passwd line: name:password:uid:gid:gecos:home:shell. */
export interface PasswdEntry {
  name: string;
  password: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** One /etc/group line: name:password:gid:member,member. */
export interface GroupEntry {
  name: string;
  password: string;
  gid: number;
  members: string[];
}

/** A line found in a file: where it starts and ends (without its line break) and its text. */
export interface FoundLine {
  start: number;
  end: number;
  text: string;
}

const ID = /^(0|[1-9][0-9]{0,9})$/;

const parseId = (field: string | undefined): number | undefined =>
  field !== undefined && ID.test(field) && Number(field) <= 0xffffffff ? Number(field) : undefined;

/** What C's isspace() takes for a blank in the C locale. */
const BLANKS = '[ \\t\\n\\v\\f\\r]*';
const LEADING_BLANKS = new RegExp(`^${BLANKS}`);

/** Whether glibc skips `line` as a comment: its first character after blanks is '#'. */
const isComment = (line: string): boolean => line.replace(LEADING_BLANKS, '').startsWith('#');

/** Strips the `\r` of a CRLF line end. */
const chomp = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

/**
 * Parses one passwd line. Comments, blank lines and malformed lines give
 * undefined: they are kept as they are, never rewritten.
 */
export function parsePasswdLine(line: string): PasswdEntry | undefined {
  const fields = chomp(line).split(':');
  if (fields.length !== 7 || fields[0] === '' || isComment(fields[0] ?? '')) return undefined;
  const [name, password, uidText, gidText, gecos, home, shell] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const uid = parseId(uidText);
  const gid = parseId(gidText);
  if (uid === undefined || gid === undefined) return undefined;
  return { name, password, uid, gid, gecos, home, shell };
}

/** Parses one group line; undefined for comments, blank and malformed lines. */
export function parseGroupLine(line: string): GroupEntry | undefined {
  const fields = chomp(line).split(':');
  if (fields.length !== 4 || fields[0] === '' || isComment(fields[0] ?? '')) return undefined;
  const [name, password, gidText, members] = fields as [string, string, string, string];
  const gid = parseId(gidText);
  if (gid === undefined) return undefined;
  return { name, password, gid, members: members === '' ? [] : members.split(',') };
}

/** Formats a passwd entry as one line, without the line break. */
export const formatPasswdLine = (e: PasswdEntry): string =>
  `${e.name}:${e.password}:${e.uid}:${e.gid}:${e.gecos}:${e.home}:${e.shell}`;

/** Formats a group entry as one line, without the line break. */
export const formatGroupLine = (e: GroupEntry): string => `${e.name}:${e.password}:${e.gid}:${e.members.join(',')}`;

/** Every entry of a passwd or group text, in order, skipping what does not parse. */
export function parseAll<T>(text: string, parse: (line: string) => T | undefined): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    const entry = parse(line);
    if (entry !== undefined) out.push(entry);
  }
  return out;
}

/**
 * The first line whose field number `field` (0-based) is exactly `value`,
 * found with native substring search so a 100,000-line file costs one pass.
 * Comment lines never match.
 */
export function findLine(text: string, field: number, value: string): FoundLine | undefined {
  const needle = field === 0 ? `${value}:` : `:${value}`;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const after = at + needle.length;
    const next = text[after];
    if (field === 0 ? at !== start : next !== ':' && next !== '\n' && next !== '\r' && next !== undefined) continue;
    if (isComment(text.slice(start, after))) continue;
    let colons = 0;
    for (let i = text.indexOf(':', start); i !== -1 && i <= at; i = text.indexOf(':', i + 1)) colons += 1;
    if (colons !== field) continue;
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    return { start, end, text: chomp(text.slice(start, end)) };
  }
  return undefined;
}

/**
 * What every line a lookup by name can find contains: the name and a colon at
 * the start of a line (for grep.ts, a leading line break means that).
 */
export const nameNeedle = (name: string): string => `\n${name}:`;

/**
 * What every well-formed line a lookup by UID or GID can find contains: the
 * ID as a whole field, with a field after it (gid after uid in passwd,
 * members after gid in group).
 */
export const idNeedle = (id: number): string => `:${id}:`;

/**
 * What every line the C library can read `uid` from contains: its digits and
 * the colon after them. glibc reads the field as strtoul does, after blanks,
 * a '+' or zeros, musl as digits alone; both skip a line that ends after it
 * (test/integration/libc.test.ts holds this to glibc).
 */
export const uidDigitsNeedle = (uid: number): string => `${uid}:`;

/**
 * Whether the C library's files service may read `uid` from one of these
 * lines: one that is not blank or a comment once its leading blanks are
 * skipped, as glibc skips them, and whose third field is the UID, maybe after
 * blanks, a '+' and zeros. It checks less than glibc does (not the fields
 * after), so its no is certain.
 */
export function mayHaveUid(text: string, uid: number): boolean {
  const field = new RegExp(`^${BLANKS}\\+?0*${uid}$`);
  for (const raw of text.split('\n')) {
    if (!isComment(raw) && field.test(raw.split(':')[2] ?? '')) return true;
  }
  return false;
}

/** The passwd entry for `uid`, if the text has one. */
export function findPasswdByUid(text: string, uid: number): PasswdEntry | undefined {
  return findParsed(text, 2, String(uid), parsePasswdLine);
}

/** The passwd entry named `name`, if the text has one. */
export function findPasswdByName(text: string, name: string): PasswdEntry | undefined {
  return findParsed(text, 0, name, parsePasswdLine);
}

/** The group entry for `gid`, if the text has one. */
export function findGroupByGid(text: string, gid: number): GroupEntry | undefined {
  return findParsed(text, 2, String(gid), parseGroupLine);
}

/** The group entry named `name`, if the text has one. */
export function findGroupByName(text: string, name: string): GroupEntry | undefined {
  return findParsed(text, 0, name, parseGroupLine);
}

/** How many well-formed passwd entries are named `name`. */
export function countPasswdByName(text: string, name: string): number {
  let count = 0;
  for (const _entry of parsedMatches(text, 0, name, parsePasswdLine)) count += 1;
  return count;
}

function findParsed<T>(
  text: string,
  field: number,
  value: string,
  parse: (line: string) => T | undefined,
): T | undefined {
  return parsedMatches(text, field, value, parse).next().value ?? undefined;
}

/** The well-formed entries whose `field` is `value`, in file order; a match on a malformed line is passed over. */
function* parsedMatches<T>(
  text: string,
  field: number,
  value: string,
  parse: (line: string) => T | undefined,
): Generator<T, void> {
  let rest = 0;
  while (rest < text.length) {
    const found = findLine(rest === 0 ? text : text.slice(rest), field, value);
    if (!found) return;
    const entry = parse(found.text);
    if (entry !== undefined) yield entry;
    rest += found.end + 1;
  }
}
