// The one place configuration is validated: flags + UID_ENTRYPOINT_* + defaults -> Config.
import * as z from 'zod/mini';
import { usageError } from './errors.js';

export type Env = Record<string, string | undefined>;

/** Every option of the default command: its flag, its environment variable and what it means. */
export const RUN_OPTIONS = [
  { key: 'name', flag: '--name <login>', help: 'login name for the UID (default: $USER, else "default")' },
  { key: 'home', flag: '--home <dir>', help: 'home directory (default: $HOME unless unset or "/", else the displaced entry\'s home, else /home/LOGIN if it exists, else the temp dir)' },
  { key: 'shell', flag: '--shell <path>', help: 'login shell (default: /bin/sh)' },
  { key: 'gecos', flag: '--gecos <text>', help: 'comment field (default: LOGIN)' },
  { key: 'displace', flag: '--displace <name>', help: 'new name for an entry of another UID that owns LOGIN; empty refuses (default: builder)' },
  { key: 'mode', flag: '--mode <mode>', help: 'auto, passwd, nss-wrapper or env (default: auto)' },
  { key: 'nssWrapperLib', flag: '--nss-wrapper-lib <path>', help: 'libnss_wrapper.so (default: searched in the usual library dirs)' },
  { key: 'init', flag: '--init <init>', help: 'auto, tini or none: run COMMAND under tini (default: auto, tini when PID 1)' },
  { key: 'tini', flag: '--tini <path>', help: 'the tini binary (default: tini on PATH)' },
  { key: 'killGroup', flag: '--kill-group', help: "tini -g: signals go to COMMAND's whole process group" },
  { key: 'strict', flag: '--strict', help: 'exit 78 when the identity cannot be fixed' },
  { key: 'dryRun', flag: '--dry-run', help: 'print the plan as JSON on stdout; change nothing, run nothing' },
  { key: 'logLevel', flag: '--log-level <level>', help: 'silent, warn, info or debug (default: info)' },
  { key: 'logFormat', flag: '--log-format <format>', help: 'text or json (default: text)' },
] as const;

export type RunOptionKey = (typeof RUN_OPTIONS)[number]['key'];
/** What commander hands over: strings for valued options, true for switches. */
export type RawFlags = Partial<Record<string, string | boolean>>;

const NAME_RULE = /^[a-z_][a-z0-9_-]{0,31}$/;
const NAME_TEXT = "a portable login name: 1 to 32 characters of a-z, 0-9, '_' and '-', starting with a letter or '_'";
const FIELD_BAD = /[:\n\r\0]/;
const PATH_TEXT = "an absolute path without ':', newline, carriage return or NUL";
const LIB_BAD = /[:\s\0]/;

const login = z.string().check(z.regex(NAME_RULE, `must be ${NAME_TEXT}`));
const absolute = z.string().check(z.refine((v) => v.startsWith('/') && !FIELD_BAD.test(v), `must be ${PATH_TEXT}`));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().check(z.refine((v) => (values as readonly string[]).includes(v), `must be one of ${values.join(', ')}`)) as unknown as z.ZodMiniType<T[number]>;
const flag = z.string().check(z.refine((v) => /^(1|true|yes|on|0|false|no|off|)$/i.test(v), 'must be one of 1, true, yes, on, 0, false, no, off'));

const schema = z.object({
  name: login,
  home: z.optional(absolute),
  shell: absolute,
  gecos: z.optional(z.string().check(z.refine((v) => !FIELD_BAD.test(v), "must not contain ':', newline, carriage return or NUL"))),
  displace: z.string().check(z.refine((v) => v === '' || NAME_RULE.test(v), `must be empty (refuse to displace) or ${NAME_TEXT}`)),
  mode: oneOf(['auto', 'passwd', 'nss-wrapper', 'env'] as const),
  nssWrapperLib: z.optional(z.string().check(z.refine((v) => v.startsWith('/') && !LIB_BAD.test(v), "must be an absolute path without ':', white space or NUL"))),
  init: oneOf(['auto', 'tini', 'none'] as const),
  tini: z.optional(absolute),
  killGroup: flag,
  strict: flag,
  dryRun: flag,
  logLevel: oneOf(['silent', 'warn', 'info', 'debug'] as const),
  logFormat: oneOf(['text', 'json'] as const),
});

type Parsed = z.infer<typeof schema>;
/** Validated configuration of the default command. */
export type Config = Omit<Parsed, 'killGroup' | 'strict' | 'dryRun'> & { killGroup: boolean; strict: boolean; dryRun: boolean };
export type Mode = Config['mode'];

const DEFAULTS: Partial<Record<RunOptionKey, string>> = {
  shell: '/bin/sh',
  displace: 'builder',
  mode: 'auto',
  init: 'auto',
  killGroup: '',
  strict: '',
  dryRun: '',
  logLevel: 'info',
  logFormat: 'text',
};

/** One usage error for every failed check: `invalid OPTION "VALUE": RULE`, a line each. */
const invalid = (issues: readonly { path: readonly PropertyKey[]; message: string }[], values: Record<string, string>, label: (key: string) => string) =>
  usageError(issues.map((issue) => `invalid ${label(String(issue.path[0]))} ${JSON.stringify(values[String(issue.path[0])])}: ${issue.message}`).join('\n'));

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** `logLevel` -> `UID_ENTRYPOINT_LOG_LEVEL`. */
export const envName = (key: string): string => `UID_ENTRYPOINT_${kebab(key).replace(/-/g, '_').toUpperCase()}`;
const truthy = (v: string): boolean => /^(1|true|yes|on)$/i.test(v);

/**
 * Merges flags (which win), UID_ENTRYPOINT_* variables and defaults, and
 * validates them all at once. Throws a usage error (exit 64) naming the
 * option, where its value came from, the value and the rule.
 */
export function resolveConfig(flags: RawFlags, env: Env): Config {
  const values: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const { key } of RUN_OPTIONS) {
    const fromFlag = flags[key];
    const fromEnv = env[envName(key)];
    if (fromFlag !== undefined) {
      values[key] = fromFlag === true ? 'true' : String(fromFlag);
      sources[key] = `--${kebab(key)}`;
    } else if (fromEnv !== undefined) {
      values[key] = fromEnv;
      sources[key] = `--${kebab(key)} (from ${envName(key)})`;
    } else if (key === 'name' && env.USER) {
      values[key] = env.USER;
      sources[key] = '--name (default from $USER)';
    } else if (key === 'home' && env.HOME && env.HOME !== '/') {
      values[key] = env.HOME;
      sources[key] = '--home (default from $HOME)';
    } else if (DEFAULTS[key] !== undefined) {
      values[key] = DEFAULTS[key];
      sources[key] = `--${kebab(key)}`;
    }
  }
  values.name ??= 'default';
  const result = schema.safeParse(values);
  if (!result.success) {
    throw invalid(result.error.issues, values, (key) => sources[key] ?? key);
  }
  const parsed = result.data;
  return { ...parsed, killGroup: truthy(parsed.killGroup), strict: truthy(parsed.strict), dryRun: truthy(parsed.dryRun) };
}

/** Options of `try` on top of the default command's. */
export interface TryConfig {
  uid: number;
  gid: number;
  passwd: 'writable' | 'read-only';
}

const id = z.string().check(z.refine((v) => /^(0|[1-9][0-9]{0,9})$/.test(v) && Number(v) <= 4294967294, 'must be a whole number from 0 to 4294967294'));
const trySchema = z.object({ uid: id, gid: id, passwd: oneOf(['writable', 'read-only'] as const) });

/** Validates the options of `try`; the same error shape as resolveConfig. */
export function resolveTryConfig(flags: RawFlags): TryConfig {
  const values = { uid: String(flags.uid ?? '10000'), gid: String(flags.gid ?? '0'), passwd: String(flags.passwd ?? 'writable') };
  const result = trySchema.safeParse(values);
  if (!result.success) {
    throw invalid(result.error.issues, values, (key) => `--${key}`);
  }
  return { uid: Number(result.data.uid), gid: Number(result.data.gid), passwd: result.data.passwd };
}
