// Pure: the directories temp files may go in, best first: $TMPDIR when it is usable, /tmp, /dev/shm.
import type { DirInfo } from './facts.js';

/** What a path written into a passwd line may not hold, besides being absolute. */
const FIELD_BAD = /[:\n\r\0]/;

/** Why $TMPDIR cannot be used, or undefined when it can. */
function tmpdirProblem(tmpdir: string, dirInfo: (path: string) => DirInfo): string | undefined {
  if (!tmpdir.startsWith('/')) return 'is not an absolute path';
  if (FIELD_BAD.test(tmpdir)) return "holds ':', a line break or NUL, which a passwd line cannot";
  if (tmpdir === '/') return 'is the root directory';
  const info = dirInfo(tmpdir);
  if (info.kind === 'missing') return info.symlink ? 'is a symbolic link to nothing' : 'does not exist';
  if (info.kind === 'other') return 'is not a directory';
  return undefined;
}

export interface TempBases {
  bases: string[];
  warnings: string[];
}

/**
 * The temp directories, best first: $TMPDIR (without trailing slashes) when it is an absolute
 * path to a directory that a passwd line can hold, then /tmp, then /dev/shm (a tmpfs in every
 * container). A TMPDIR passed over gets a warning that says why. Writability is the caller's to
 * find out: a full or read-only one is skipped when writing into it fails.
 */
export function tempBases(tmpdir: string | undefined, dirInfo: (path: string) => DirInfo): TempBases {
  const warnings: string[] = [];
  const bases: string[] = [];
  if (tmpdir !== undefined && tmpdir !== '') {
    const trimmed = tmpdir.replace(/(.)\/+$/, '$1');
    const problem = tmpdirProblem(trimmed, dirInfo);
    if (problem) warnings.push(`TMPDIR ${JSON.stringify(tmpdir)} ${problem}; temp files go to /tmp instead`);
    else bases.push(trimmed);
  }
  for (const base of ['/tmp', '/dev/shm']) if (!bases.includes(base)) bases.push(base);
  return { bases, warnings };
}
