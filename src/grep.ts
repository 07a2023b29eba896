// Effects (read only): the lines of a file that contain any of some strings, read through one small buffer.
import { readSync } from 'node:fs';

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/** The decoded lines of `view` (complete lines only) that contain any of `needles`, in order. */
function matchingLines(view: Buffer, needles: Buffer[]): string {
  const starts = new Map<number, number>();
  for (const needle of needles) {
    for (let at = view.indexOf(needle); at !== -1; ) {
      const start = at === 0 ? 0 : view.lastIndexOf(NEWLINE, at - 1) + 1;
      const newline = view.indexOf(NEWLINE, at);
      const end = newline === -1 ? view.length : newline + 1;
      starts.set(start, end);
      at = view.indexOf(needle, end);
    }
  }
  let out = '';
  for (const start of [...starts.keys()].sort((a, b) => a - b)) out += view.toString('utf8', start, starts.get(start));
  return out;
}

/**
 * The lines of the open file `fd` that contain any of `needles`, in file
 * order, each with its own line break, as UTF-8 text. The file passes
 * through one 64 KiB buffer (`chunk`, for tests): a 100,000-line /etc/passwd (6 MB) is never
 * held, decoded or copied whole (each whole copy cost 15-40 ms, see
 * bench/README.md).
 *
 * Every lookup in passwd.ts reads only lines that contain what it looks
 * for (`NAME:` or `:ID`), so on these lines it answers as on the whole
 * file; test/grep.test.ts checks exactly that.
 */
export function grepLines(fd: number, needles: string[], chunk = CHUNK): string {
  const keys = needles.filter((n) => n !== '').map((n) => Buffer.from(n, 'utf8'));
  let buffer = Buffer.allocUnsafe(chunk);
  let kept = 0; // bytes of an unfinished line carried to the front of the buffer
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
    // At the end of the file the unfinished line is finished; before it, only whole lines are searched.
    const end = read === 0 ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
    if (keys.length > 0 && end > 0) out += matchingLines(buffer.subarray(0, end), keys);
    if (read === 0) return out;
    buffer.copy(buffer, 0, end, filled);
    kept = filled - end;
  }
}
