// The one place configuration is resolved: flags + UID_ENTRYPOINT_* + defaults -> Config, every
// supplied value checked against its rule in rules.ts.
import { usageError } from './errors.js';

export type Env = Record<string, string | undefined>;

/**
 * Every option of the default command: its flag, its environment variable and what it means.
 * The variable is spelled out, not derived from the key, so that a start runs no string
 * rewriting for it (test/config.test.ts checks each against the rule, `logLevel` ->
 * `UID_ENTRYPOINT_LOG_LEVEL`).
 */
export const RUN_OPTIONS = [
  {
    key: 'name',
    flag: '--name <login>',
    env: 'UID_ENTRYPOINT_NAME',
    help: 'login name for the UID (default: $USER where the UID can have it, else "default")',
  },
  {
    key: 'home',
    flag: '--home <dir>',
    env: 'UID_ENTRYPOINT_HOME',
    help: 'home directory (default: $HOME unless unset or "/", else the displaced entry\'s home, else /home/LOGIN if it exists, else the temp dir)',
  },
  { key: 'shell', flag: '--shell <path>', env: 'UID_ENTRYPOINT_SHELL', help: 'login shell (default: /bin/sh)' },
  { key: 'gecos', flag: '--gecos <text>', env: 'UID_ENTRYPOINT_GECOS', help: 'comment field (default: LOGIN)' },
  {
    key: 'displace',
    flag: '--displace <name>',
    env: 'UID_ENTRYPOINT_DISPLACE',
    help: 'new name for an entry of another UID that owns LOGIN; empty refuses (default: builder)',
  },
  {
    key: 'mode',
    flag: '--mode <mode>',
    env: 'UID_ENTRYPOINT_MODE',
    help: 'auto, passwd, nss-wrapper or env (default: auto)',
  },
  {
    key: 'nssWrapperLib',
    flag: '--nss-wrapper-lib <path>',
    env: 'UID_ENTRYPOINT_NSS_WRAPPER_LIB',
    help: 'libnss_wrapper.so (default: searched in the usual library dirs)',
  },
  {
    key: 'init',
    flag: '--init <init>',
    env: 'UID_ENTRYPOINT_INIT',
    help: 'auto, tini or none: run COMMAND under tini (default: auto, tini when PID 1)',
  },
  { key: 'tini', flag: '--tini <path>', env: 'UID_ENTRYPOINT_TINI', help: 'the tini binary (default: tini on PATH)' },
  {
    key: 'killGroup',
    flag: '--kill-group',
    env: 'UID_ENTRYPOINT_KILL_GROUP',
    help: "tini -g: signals go to COMMAND's whole process group",
  },
  { key: 'strict', flag: '--strict', env: 'UID_ENTRYPOINT_STRICT', help: 'exit 78 when the identity cannot be fixed' },
  {
    key: 'dryRun',
    flag: '--dry-run',
    env: 'UID_ENTRYPOINT_DRY_RUN',
    help: 'print the plan as JSON on stdout; change nothing, run nothing',
  },
  {
    key: 'logLevel',
    flag: '--log-level <level>',
    env: 'UID_ENTRYPOINT_LOG_LEVEL',
    help: 'silent, warn, info or debug (default: info)',
  },
  {
    key: 'logFormat',
    flag: '--log-format <format>',
    env: 'UID_ENTRYPOINT_LOG_FORMAT',
    help: 'text or json (default: text)',
  },
] as const;

export type RunOptionKey = (typeof RUN_OPTIONS)[number]['key'];
/** An option's flag as typed: `--log-level` for `--log-level <level>`. */
export const flagName = ({ flag }: { flag: string }): string => flag.split(' ')[0] ?? '';
/** What commander hands over: strings for valued options, true for switches. */
export type RawFlags = Partial<Record<string, string | boolean>>;

export const MODES = ['auto', 'passwd', 'nss-wrapper', 'env'] as const;
export const INITS = ['auto', 'tini', 'none'] as const;
export const LOG_LEVELS = ['silent', 'warn', 'info', 'debug'] as const;
export const FORMATS = ['text', 'json'] as const;
export const PASSWD_STATES = ['writable', 'read-only'] as const;
export type Mode = (typeof MODES)[number];
/** A portable login name (rules.ts says it in words); here so that the start path can test it without zod. */
export const LOGIN_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
/**
 * A path a passwd line can hold (--home, --shell, --tini; an inherited $HOME, home.ts), and the
 * rule in words: here for the same reason.
 */
export const FIELD_PATH = /^\/[^:\n\r\0]*$/;
export const FIELD_PATH_TEXT = "an absolute path without ':', newline, carriage return or NUL";
/** A switch's words, in any case: these turn it on; these and the empty string turn it off. */
const SWITCH_ON: readonly string[] = ['1', 'true', 'yes', 'on'];
export const SWITCH_WORDS: readonly string[] = [...SWITCH_ON, '0', 'false', 'no', 'off', ''];

/** Validated configuration of the default command. */
export interface Config {
  name: string;
  /**
   * The name is $USER's, not an option's: a hint from the environment, which the planner takes
   * only where it is a login name the UID can have (login.ts).
   */
  nameFromUser?: boolean;
  /** --home, UID_ENTRYPOINT_HOME, or $HOME (unless "/"), which home.ts passes over where it cannot be one. */
  home?: string;
  shell: string;
  gecos?: string;
  displace: string;
  mode: Mode;
  nssWrapperLib?: string;
  init: (typeof INITS)[number];
  tini?: string;
  killGroup: boolean;
  strict: boolean;
  dryRun: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: (typeof FORMATS)[number];
}

/** The defaults: constants, which a unit test checks against the rules (test/config.test.ts). */
export const DEFAULT_NAME = 'default';
export const DEFAULTS: Partial<Record<RunOptionKey, string>> = {
  name: DEFAULT_NAME,
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

// Printable ASCII without ':' (space to '~', less 0x3a), and the same without the space.
const PLAIN_PATH = /^\/[\x20-\x39\x3b-\x7e]*$/;
const PLAIN_TEXT = /^[\x20-\x39\x3b-\x7e]*$/;
const PLAIN_LIBRARY = /^\/[\x21-\x39\x3b-\x7e]*$/;
const among =
  (values: readonly string[]) =>
  (v: string): boolean =>
    values.includes(v);

/**
 * Values known to pass their rule without asking it: for each option, part of what its rule in
 * rules.ts accepts (test/config.test.ts checks that on random strings), wide enough for what images
 * set (ENV HOME=/home/app, UID_ENTRYPOINT_LOG_LEVEL=warn). The rules hold zod, which a start
 * then need not load: only a value outside these goes to them, and they have the last word and
 * the error message.
 */
export const PLAINLY_VALID: Record<RunOptionKey, (v: string) => boolean> = {
  name: (v) => LOGIN_NAME.test(v),
  home: (v) => PLAIN_PATH.test(v),
  shell: (v) => PLAIN_PATH.test(v),
  gecos: (v) => PLAIN_TEXT.test(v),
  displace: (v) => v === '' || LOGIN_NAME.test(v),
  mode: among(MODES),
  nssWrapperLib: (v) => PLAIN_LIBRARY.test(v),
  init: among(INITS),
  tini: (v) => PLAIN_PATH.test(v),
  killGroup: among(SWITCH_WORDS),
  strict: among(SWITCH_WORDS),
  dryRun: among(SWITCH_WORDS),
  logLevel: among(LOG_LEVELS),
  logFormat: among(FORMATS),
};

/** One usage error for every failed check: `invalid OPTION "VALUE": RULE`, a line each. */
const invalid = (
  issues: readonly { key: string; message: string }[],
  values: Record<string, string>,
  label: (key: string) => string,
) =>
  usageError(
    issues.map(({ key, message }) => `invalid ${label(key)} ${JSON.stringify(values[key])}: ${message}`).join('\n'),
  );

const truthy = (v: string): boolean => SWITCH_ON.includes(v.toLowerCase());

/** Where an option's value came from; spelled out for an error message. */
type Source = 'flag' | 'env' | 'USER' | 'HOME' | 'default';
const describeSource = ({ flag, env }: (typeof RUN_OPTIONS)[number], source: Source | undefined): string => {
  const name = flagName({ flag });
  return source === 'env' ? `${name} (from ${env})` : name;
};

/**
 * Values the environment gives every process, not the image's configuration of uid-entrypoint: a
 * value in them that cannot be a login name or a home is passed over by the planner, with a
 * warning, and never stops a start (ENV USER=root, HOME=app, USER=first.last from a platform).
 */
const inherited = (source: Source | undefined): boolean => source === 'USER' || source === 'HOME';

/**
 * Merges flags (which win), UID_ENTRYPOINT_* variables and defaults, and
 * checks every supplied value that is not plainly valid at once against its
 * rule (rules.ts). Throws a usage error (exit 64) naming the option, where its
 * value came from, the value and the rule.
 */
export async function resolveConfig(flags: RawFlags, env: Env): Promise<Config> {
  const values: Record<string, string> = {};
  const sources: Partial<Record<RunOptionKey, Source>> = {};
  for (const { key, env: variable } of RUN_OPTIONS) {
    const fromFlag = flags[key];
    const fromEnv = env[variable];
    if (fromFlag !== undefined) {
      values[key] = fromFlag === true ? 'true' : String(fromFlag);
      sources[key] = 'flag';
    } else if (fromEnv !== undefined) {
      values[key] = fromEnv;
      sources[key] = 'env';
    } else if (key === 'name' && env.USER) {
      values[key] = env.USER;
      sources[key] = 'USER';
    } else if (key === 'home' && env.HOME && env.HOME !== '/') {
      values[key] = env.HOME;
      sources[key] = 'HOME';
    } else if (DEFAULTS[key] !== undefined) {
      values[key] = DEFAULTS[key];
      sources[key] = 'default';
    }
  }
  // The defaults are constants known to pass, and so are plainly valid values; the rules see the rest.
  const unsure: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const option = key as RunOptionKey;
    if (value !== DEFAULTS[option] && !inherited(sources[option]) && !PLAINLY_VALID[option](value)) unsure[key] = value;
  }
  if (Object.keys(unsure).length > 0) {
    const { RUN_RULES, check } = await import('./rules.js');
    const issues = check(RUN_RULES, unsure);
    if (issues.length > 0) {
      const label = (key: string): string => {
        const option = RUN_OPTIONS.find((o) => o.key === key);
        return option ? describeSource(option, sources[option.key]) : key;
      };
      throw invalid(issues, values, label);
    }
  }
  const v = values as Record<RunOptionKey, string>;
  const config: Config = {
    name: v.name,
    shell: v.shell,
    displace: v.displace,
    mode: v.mode as Config['mode'],
    init: v.init as Config['init'],
    killGroup: truthy(v.killGroup),
    strict: truthy(v.strict),
    dryRun: truthy(v.dryRun),
    logLevel: v.logLevel as Config['logLevel'],
    logFormat: v.logFormat as Config['logFormat'],
  };
  for (const key of ['home', 'gecos', 'nssWrapperLib', 'tini'] as const)
    if (values[key] !== undefined) config[key] = values[key];
  if (sources.name === 'USER') config.nameFromUser = true;
  return config;
}

/** Options of `try` on top of the default command's. */
export interface TryConfig {
  uid: number;
  gid: number;
  /** Supplementary GIDs (--groups N,...), as Kubernetes' fsGroup and supplementalGroups give them. */
  groups: number[];
  passwd: (typeof PASSWD_STATES)[number];
}

/** Validates the options of `try`; the same error shape as resolveConfig. */
export async function resolveTryConfig(flags: RawFlags): Promise<TryConfig> {
  const values = {
    uid: String(flags.uid ?? '10000'),
    gid: String(flags.gid ?? '0'),
    groups: String(flags.groups ?? ''),
    passwd: String(flags.passwd ?? 'writable'),
  };
  const { TRY_RULES, check } = await import('./rules.js');
  const issues = check(TRY_RULES, values);
  if (issues.length > 0) throw invalid(issues, values, (key) => `--${key}`);
  return {
    uid: Number(values.uid),
    gid: Number(values.gid),
    groups: values.groups === '' ? [] : [...new Set(values.groups.split(',').map(Number))],
    passwd: values.passwd as TryConfig['passwd'],
  };
}
