// Effects (read only): the lines of a large file that contain any of some strings, read through one
// small buffer, so that a 100,000-line /etc/passwd is never held whole.
import { readSync } from 'node:fs';

const NEWLINE = 0x0a;
const COLON = 0x3a;
const CHUNK = 64 * 1024;

/**
 * Up to this size a file's text is read whole (probe.ts): one read as UTF-8 is one call, where
 * grepLines' reads and Buffer searches are many, each compiled on its first use.
 */
export const WHOLE = CHUNK;

/**
 * A needle, and the part of it Buffer.indexOf looks for. indexOf runs memchr on the first byte and,
 * from 7 bytes on, switches to a slower algorithm. So the part is at most 6 bytes and never starts
 * with ':', which passwd has six of a line, where a line break or a digit is far rarer.
 */
interface Needle {
  whole: Buffer;
  part: Buffer;
  /** Where part starts in whole. */
  offset: number;
}

const needleOf = (text: string): Needle => {
  const whole = Buffer.from(text, 'utf8');
  const offset = whole[0] === COLON && whole.length > 1 ? 1 : 0;
  return { whole, part: whole.subarray(offset, offset + 6), offset };
};

/**
 * The decoded lines of `view` (complete lines only) that contain any of
 * `needles`, in order. A needle that starts with a line break matches at the
 * start of a line, and the line is the one after that break.
 */
function matchingLines(view: Buffer, needles: Needle[]): string {
  const starts = new Map<number, number>();
  for (const { whole, part, offset } of needles) {
    const skip = whole[0] === NEWLINE ? 1 : 0;
    for (let hit = view.indexOf(part); hit !== -1; hit = view.indexOf(part, hit + 1)) {
      const at = hit - offset;
      if (
        at < 0 ||
        at + whole.length > view.length ||
        view.compare(whole, 0, whole.length, at, at + whole.length) !== 0
      )
        continue;
      const anchor = at + skip;
      const start = anchor === 0 ? 0 : view.lastIndexOf(NEWLINE, anchor - 1) + 1;
      const newline = view.indexOf(NEWLINE, anchor);
      const end = newline === -1 ? view.length : newline + 1;
      starts.set(start, end);
      // On from the next line (for a line-start needle, from the line break that ends this one).
      hit = end - skip + offset - 1;
    }
  }
  let out = '';
  for (const start of [...starts.keys()].sort((a, b) => a - b)) out += view.toString('utf8', start, starts.get(start));
  return out;
}

/**
 * The lines of the open file `fd` that contain any of `needles`, in file
 * order, each with its own line break, as UTF-8 text. A needle may start
 * with a line break to match at line starts only (the first line counts).
 * The file passes through one 64 KiB buffer (`chunk`, for tests): a
 * 100,000-line /etc/passwd (6 MB) is never held, decoded or copied whole:
 * each such copy costs a start page faults in proportion to the file.
 *
 * Every lookup in passwd.ts reads only lines that contain its needle
 * (passwd.ts: nameNeedle, idNeedles), so on these lines it answers as on
 * the whole file; test/grep.test.ts checks exactly that.
 */
export function grepLines(fd: number, needles: string[], chunk = CHUNK): string {
  const keys = needles.filter((n) => n !== '').map(needleOf);
  let buffer = Buffer.allocUnsafe(chunk + 1);
  // The buffer always starts with the line break before its first line (before the file's first
  // line, a virtual one), so line-start needles match there too; `kept` counts it and the bytes
  // of an unfinished line carried over.
  buffer[0] = NEWLINE;
  let kept = 1;
  let position = 0;
  let out = '';
  for (;;) {
    if (kept === buffer.length) {
      // One line longer than the buffer: grow it.
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, kept);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, kept, buffer.length - kept, position);
    position += read;
    const filled = kept + read;
    // At the end of the file the unfinished line is finished; before it, only whole lines are
    // searched. `end` is at least 1: the buffer starts with a line break.
    const end = read === 0 ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
    if (keys.length > 0) out += matchingLines(buffer.subarray(0, end), keys);
    if (read === 0) return out;
    buffer.copy(buffer, 0, end - 1, filled);
    kept = filled - end + 1;
  }
}
