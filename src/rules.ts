// The rule every option value must follow, as zod schemas: one per option, so only the values a
// user supplied are checked. Loaded on demand by config.ts: a start whose values are all defaults
// or plainly valid (config.ts: PLAINLY_VALID) never loads zod (bench/README.md has the cost).
import * as z from 'zod/mini';
import {
  FIELD_PATH,
  FIELD_PATH_TEXT,
  FORMATS,
  INITS,
  LOG_LEVELS,
  LOGIN_NAME,
  MODES,
  PASSWD_STATES,
  SWITCH_WORDS,
  type RunOptionKey,
} from './config.js';

const NAME_TEXT = "a portable login name: 1 to 32 characters of a-z, 0-9, '_' and '-', starting with a letter or '_'";
const FIELD_BAD = /[:\n\r\0]/;
const LIB_BAD = /[:\s\0]/;

type Rule = z.ZodMiniType<string>;

const rule = (ok: (v: string) => boolean, message: string): Rule => z.string().check(z.refine(ok, message));
const absolute = rule((v) => FIELD_PATH.test(v), `must be ${FIELD_PATH_TEXT}`);
const oneOf = (values: readonly string[]): Rule =>
  rule((v) => values.includes(v), `must be one of ${values.join(', ')}`);
const flag = rule(
  (v) => SWITCH_WORDS.includes(v.toLowerCase()),
  `must be one of ${SWITCH_WORDS.filter((w) => w !== '').join(', ')}`,
);
/** A UID or GID as try takes it: decimal, below 4294967295 ((uid_t) -1, which means none). */
const isId = (v: string): boolean => /^(0|[1-9][0-9]{0,9})$/.test(v) && Number(v) <= 4294967294;
const id = rule(isId, 'must be a whole number from 0 to 4294967294');
const ids = rule(
  (v) => v === '' || v.split(',').every(isId),
  'must be whole numbers from 0 to 4294967294, separated by commas',
);

/** The rule of each option of the default command. */
export const RUN_RULES: Record<RunOptionKey, Rule> = {
  name: rule((v) => LOGIN_NAME.test(v), `must be ${NAME_TEXT}`),
  home: absolute,
  shell: absolute,
  gecos: rule((v) => !FIELD_BAD.test(v), "must not contain ':', newline, carriage return or NUL"),
  displace: rule((v) => v === '' || LOGIN_NAME.test(v), `must be empty (refuse to displace) or ${NAME_TEXT}`),
  mode: oneOf(MODES),
  nssWrapperLib: rule(
    (v) => v.startsWith('/') && !LIB_BAD.test(v),
    "must be an absolute path without ':', white space or NUL",
  ),
  init: oneOf(INITS),
  tini: absolute,
  killGroup: flag,
  strict: flag,
  dryRun: flag,
  logLevel: oneOf(LOG_LEVELS),
  logFormat: oneOf(FORMATS),
};

/** The rule of each option `try` adds. */
export const TRY_RULES = { uid: id, gid: id, groups: ids, passwd: oneOf(PASSWD_STATES) };

/** Every value that breaks its rule, in the order given, with the rule's message. */
export function check(rules: Record<string, Rule>, values: Record<string, string>): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    const result = rules[key]?.safeParse(value);
    if (result && !result.success) issues.push({ key, message: result.error.issues[0]?.message ?? 'is invalid' });
  }
  return issues;
}
