// Pure: which directory becomes HOME.
import type { DirState } from './facts.js';

/** HOME candidates, best first; undefined and "/" entries are dropped. */
export function homeCandidates(
  configured: string | undefined,
  entryHome: string | undefined,
  login: string,
  tmpdir: string,
): string[] {
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
 * root filesystem) and when the choice is read-only. Asks `dirState` only as
 * far down the list as the choice needs: the configured home comes first.
 */
export function chooseHome(
  candidates: string[],
  dirState: (path: string) => DirState,
  configured: string | undefined,
): HomeChoice {
  const states = new Map<string, DirState>();
  const stateOf = (dir: string): DirState => {
    const known = states.get(dir);
    if (known !== undefined) return known;
    const state = dirState(dir);
    states.set(dir, state);
    return state;
  };
  const home =
    candidates.find((dir) => stateOf(dir) === 'writable') ??
    candidates.find((dir) => stateOf(dir) !== 'missing') ??
    candidates[candidates.length - 1] ??
    '/tmp';
  const state = stateOf(home);
  const warnings: string[] = [];
  if (configured !== undefined && candidates.includes(configured) && home !== configured) {
    warnings.push(
      `home ${configured} ${stateOf(configured) === 'missing' ? 'does not exist and could not be created' : 'is not writable'}; HOME is ${home}`,
    );
  }
  if (state === 'read-only') warnings.push(`HOME ${home} is not writable by this user`);
  return { home, warnings };
}
