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
 * The first writable candidate, else the first that exists. The temp dir,
 * last, stands in when none does: HOME is never left as "/". Warns when the
 * configured home is passed over (missing, or read-only as under a read-only
 * root filesystem) and when the choice is read-only.
 */
export function chooseHome(candidates: string[], dirState: (path: string) => DirState, configured: string | undefined): HomeChoice {
  const states = candidates.map((dir) => ({ dir, state: dirState(dir) }));
  const pick = states.find((c) => c.state === 'writable') ?? states.find((c) => c.state !== 'missing') ?? { dir: candidates[candidates.length - 1] ?? '/tmp', state: 'missing' as DirState };
  const warnings: string[] = [];
  const mine = states.find((c) => c.dir === configured);
  if (configured !== undefined && mine && pick.dir !== configured) {
    warnings.push(`home ${configured} ${mine.state === 'missing' ? 'does not exist and could not be created' : 'is not writable'}; HOME is ${pick.dir}`);
  }
  if (pick.state === 'read-only') warnings.push(`HOME ${pick.dir} is not writable by this user`);
  return { home: pick.dir, warnings };
}
