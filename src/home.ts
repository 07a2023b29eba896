// Pure: which directory becomes HOME.
import type { DirState } from './facts.js';

/** HOME candidates, best first; undefined and "/" entries are dropped. */
export function homeCandidates(configured: string | undefined, entryHome: string | undefined, login: string, tmpdir: string): string[] {
  const list = [configured, entryHome, `/home/${login}`, tmpdir];
  return [...new Set(list.filter((d): d is string => d !== undefined && d !== '' && d !== '/'))];
}

export interface HomeChoice {
  home: string;
  warnings: string[];
}

/**
 * The first candidate that exists. The temp dir, last, always counts as
 * existing: HOME is never left as "/". Warns when the choice is read-only
 * or when the configured home had to be passed over.
 */
export function chooseHome(candidates: string[], dirState: (path: string) => DirState, configured: string | undefined): HomeChoice {
  const last = candidates[candidates.length - 1] ?? '/tmp';
  let home = last;
  let state: DirState = 'missing';
  for (const dir of candidates) {
    state = dirState(dir);
    home = dir;
    if (state !== 'missing') break;
  }
  const warnings: string[] = [];
  if (configured !== undefined && home !== configured) warnings.push(`home ${configured} does not exist and could not be created; HOME is ${home}`);
  if (state === 'read-only') warnings.push(`HOME ${home} is not writable by this user`);
  return { home, warnings };
}
