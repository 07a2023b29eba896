// Pure: the login name a UID without one gets, and what taking it means for the entry of another
// UID that owns it (displacement, README "How it decides").
import { type Config, DEFAULT_NAME, LOGIN_NAME } from './config.js';
import type { FileFacts } from './facts.js';
import type { FileChange } from './plan.js';
import { countPasswdByName, findPasswdByName, type PasswdEntry } from './passwd.js';

/**
 * The names the UID may get, best first: the configured one; or, where the name is only $USER's,
 * $USER if it is a login name, then the default. The planner takes the first it can (chooseLogin).
 */
export function loginCandidates(config: Pick<Config, 'name' | 'nameFromUser'>): string[] {
  if (!config.nameFromUser) return [config.name];
  return [...new Set([...(LOGIN_NAME.test(config.name) ? [config.name] : []), DEFAULT_NAME])];
}

/** What taking `login` for `uid` means: its owner, renamed to --displace, or why it cannot be taken. */
interface Claim {
  /** The entry that owns the name: another UID's, or (behind a placeholder) this UID's own. */
  owner?: PasswdEntry;
  rename?: FileChange['rename'];
  /** Why the name cannot be taken, said of the name: "belongs to UID 0, ...". */
  refusal?: string;
}

function claim(login: string, displace: string, passwd: Pick<FileFacts, 'text' | 'path'>, uid: number): Claim {
  const owner = findPasswdByName(passwd.text, login);
  if (owner === undefined) return {};
  // An entry of this very UID with the name (behind a runtime's placeholder): its home is the UID's.
  if (owner.uid === uid) return { owner };
  if (owner.uid === 0) return { owner, refusal: 'belongs to UID 0, which is never displaced' };
  if (countPasswdByName(passwd.text, login) > 1) {
    return {
      owner,
      refusal: `belongs to more than one entry in ${passwd.path}; which one to displace is ambiguous, so none is`,
    };
  }
  if (displace === '')
    return { owner, refusal: `belongs to UID ${owner.uid} and --displace is empty, so it is not taken over` };
  if (findPasswdByName(passwd.text, displace)) {
    return { owner, refusal: `belongs to UID ${owner.uid} and the --displace name ${displace} is taken too` };
  }
  return { owner, rename: { from: login, to: displace, uid: owner.uid } };
}

export interface LoginChoice {
  login: string;
  owner?: PasswdEntry;
  rename?: FileChange['rename'];
  /** Why the UID cannot take `login` (the whole message): then it gets no entry. */
  refusal?: string;
  /** Why $USER was passed over, where it was. */
  warnings: string[];
}

/**
 * The login name for `uid`: the first of loginCandidates it can take. A $USER passed over (not a
 * login name, root's, a name that cannot be displaced) gives way to the default, with a warning:
 * what the environment says of every process never keeps a UID from having a name.
 */
export function chooseLogin(config: Config, passwd: Pick<FileFacts, 'text' | 'path'>, uid: number): LoginChoice {
  const [first = DEFAULT_NAME, ...rest] = loginCandidates(config);
  let passedOver = config.nameFromUser && !LOGIN_NAME.test(config.name) ? 'is not a portable login name' : undefined;
  let login = first;
  let claimed = claim(login, config.displace, passwd, uid);
  for (const next of rest) {
    if (claimed.refusal === undefined) break;
    passedOver = claimed.refusal;
    login = next;
    claimed = claim(login, config.displace, passwd, uid);
  }
  const { owner, rename, refusal } = claimed;
  const warnings =
    passedOver === undefined
      ? []
      : [`$USER ${JSON.stringify(config.name)} ${passedOver}: UID ${uid} is named ${login} instead (--name chooses)`];
  return {
    login,
    warnings,
    ...(owner && { owner }),
    ...(rename && { rename }),
    ...(refusal && { refusal: `the name ${login} ${refusal}${owner?.uid === 0 ? '; choose another --name' : ''}` }),
  };
}
