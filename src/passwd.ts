// Pure: read, find and format lines of /etc/passwd and /etc/group the way glibc's files service
// reads them (nss_files), so that what this tool finds in a file is what the C library finds there.

/** One /etc/passwd entry: name:password:uid:gid:gecos:home:shell. */
export interface PasswdEntry {
  name: string;
  password: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** One /etc/group entry: name:password:gid:member,member. */
export interface GroupEntry {
  name: string;
  password: string;
  gid: number;
  members: string[];
}

/** What C's isspace() takes for a blank in the C locale: glibc skips these before a line and a member. */
const isBlank = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

const MAX_ID = 0xffffffff;

/** How many blanks glibc skips before a line's first field. */
export const leadingBlanks = (line: string): number => {
  let n = 0;
  while (isBlank(line[n])) n += 1;
  return n;
};

/**
 * A UID or GID field as glibc reads it: strtoul (blanks, then an optional sign, then decimal
 * digits; the whole field), and a value over 32 bits rejected. Undefined when glibc rejects the
 * line for it.
 */
export function parseId(field: string): number | undefined {
  if (/^(0|[1-9][0-9]{0,8})$/.test(field)) return Number(field);
  const match = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(field);
  if (!match) return undefined;
  const magnitude = BigInt(match[2] ?? '0');
  const ULONG_MAX = 2n ** 64n - 1n;
  // strtoul: an overflow is ULONG_MAX whatever the sign; a minus sign negates modulo 2^64.
  const value = magnitude > ULONG_MAX ? ULONG_MAX : match[1] === '-' ? (2n ** 64n - magnitude) % 2n ** 64n : magnitude;
  return value > BigInt(MAX_ID) ? undefined : Number(value);
}

/**
 * The fields of one line as glibc splits them: the line ends at a NUL (C strings), blanks before
 * it are skipped, and a blank line or one that starts with '#' has none. Every field but the last
 * ends at a ':'; the last is the rest of the line. A field the line runs out before is ''.
 */
function splitFields(line: string, count: number): string[] | undefined {
  const nul = line.indexOf('\0');
  const text = (nul === -1 ? line : line.slice(0, nul)).slice(leadingBlanks(line));
  if (text === '' || text.startsWith('#')) return undefined;
  const fields: string[] = [];
  let at = 0;
  for (let i = 0; i < count - 1; i += 1) {
    const colon = text.indexOf(':', at);
    fields.push(colon === -1 ? text.slice(at) : text.slice(at, colon));
    at = colon === -1 ? text.length : colon + 1;
  }
  fields.push(text.slice(at));
  return fields;
}

/**
 * Whether a field ran out: glibc reads an ID field only up to ':' or the end of the line, and a
 * line that ends before the GID has none.
 */
const colonsBefore = (line: string, fields: number): boolean => {
  const nul = line.indexOf('\0');
  const text = nul === -1 ? line : line.slice(0, nul);
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1 && colons < fields; i = text.indexOf(':', i + 1)) colons += 1;
  return colons >= fields;
};

/**
 * The passwd entry glibc reads from one line (without its line break), or undefined where it
 * reads none that a lookup can find: a blank line, a comment, a line whose UID or GID it rejects,
 * and NIS compat lines (a name starting with '+' or '-'), which the files service skips when it
 * looks up a name or a UID. Missing fields after the GID are empty; the shell is the rest of the
 * line, colons and a carriage return included.
 */
export function parsePasswdLine(line: string): PasswdEntry | undefined {
  const fields = splitFields(line, 7);
  if (!fields) return undefined;
  const [name = '', password = '', uidText = '', gidText = '', gecos = '', home = '', shell = ''] = fields;
  if (name.startsWith('+') || name.startsWith('-')) return undefined;
  // The UID must end at a ':' (a GID follows); the GID at a ':' or the end of the line.
  if (!colonsBefore(line, 3)) return undefined;
  const uid = parseId(uidText);
  const gid = parseId(gidText);
  if (uid === undefined || gid === undefined) return undefined;
  return { name, password, uid, gid, gecos, home, shell };
}

/**
 * The group entry glibc reads from one line, or undefined (see parsePasswdLine). Members are
 * split at commas, blanks before each dropped, empty ones skipped.
 */
export function parseGroupLine(line: string): GroupEntry | undefined {
  const fields = splitFields(line, 4);
  if (!fields) return undefined;
  const [name = '', password = '', gidText = '', memberText = ''] = fields;
  if (name.startsWith('+') || name.startsWith('-')) return undefined;
  if (!colonsBefore(line, 2)) return undefined;
  const gid = parseId(gidText);
  if (gid === undefined) return undefined;
  const members: string[] = [];
  for (const raw of memberText.split(',')) {
    let start = 0;
    while (isBlank(raw[start])) start += 1;
    if (start < raw.length) members.push(raw.slice(start));
  }
  return { name, password, gid, members };
}

/** Formats a passwd entry as one line, without the line break. */
export const formatPasswdLine = (e: PasswdEntry): string =>
  `${e.name}:${e.password}:${e.uid}:${e.gid}:${e.gecos}:${e.home}:${e.shell}`;

/** Formats a group entry as one line, without the line break. */
export const formatGroupLine = (e: GroupEntry): string => `${e.name}:${e.password}:${e.gid}:${e.members.join(',')}`;

/** The lines of a text, without their line breaks (a final line break ends the last line). */
export const linesOf = (text: string): string[] => {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/**
 * The entries of `text` that `keep` accepts, in file order. Only lines that contain one of
 * `needles` are parsed: every line an entry with that name or ID can be read from contains one.
 */
function entriesWith<T>(
  text: string,
  needles: string[],
  parse: (line: string) => T | undefined,
  keep: (e: T) => boolean,
): T[] {
  const found: T[] = [];
  for (const line of linesOf(text)) {
    if (!needles.some((needle) => line.includes(needle))) continue;
    const entry = parse(line);
    if (entry !== undefined && keep(entry)) found.push(entry);
  }
  return found;
}

/**
 * What every line glibc can read `id` from contains: its digits, after blanks, a '+' or zeros;
 * or a '-', which strtoul takes modulo 2^64 (a negative spelling of any ID).
 */
export const idNeedles = (id: number): string[] => [String(id), '-'];

/** What every line an entry named `name` can be read from contains. */
export const nameNeedle = (name: string): string => `${name}:`;

/** The first passwd entry for `uid`, as getpwuid finds it in the file. */
export const findPasswdByUid = (text: string, uid: number): PasswdEntry | undefined =>
  entriesWith(text, idNeedles(uid), parsePasswdLine, (e) => e.uid === uid)[0];

/** The first passwd entry named `name`, as getpwnam finds it in the file. */
export const findPasswdByName = (text: string, name: string): PasswdEntry | undefined =>
  entriesWith(text, [nameNeedle(name)], parsePasswdLine, (e) => e.name === name)[0];

/** How many passwd entries are named `name`. */
export const countPasswdByName = (text: string, name: string): number =>
  entriesWith(text, [nameNeedle(name)], parsePasswdLine, (e) => e.name === name).length;

/** The first group entry for `gid`, as getgrgid finds it in the file. */
export const findGroupByGid = (text: string, gid: number): GroupEntry | undefined =>
  entriesWith(text, idNeedles(gid), parseGroupLine, (e) => e.gid === gid)[0];

/** The first group entry named `name`, as getgrnam finds it in the file. */
export const findGroupByName = (text: string, name: string): GroupEntry | undefined =>
  entriesWith(text, [nameNeedle(name)], parseGroupLine, (e) => e.name === name)[0];
