// Pure: the fast path of argv parsing for the default command, so a container start need not
// load commander. It answers only for plain shapes; anything else (help, version, subcommands,
// unknown options, a value that looks like an option) goes to commander in program.ts, which
// stays the definition of the interface. The tests check the two agree.
import { flagName, RUN_OPTIONS, type RawFlags } from './config.js';

const BY_FLAG = new Map<string, { key: string; takesValue: boolean }>(
  RUN_OPTIONS.map((option) => [flagName(option), { key: option.key, takesValue: option.flag.includes(' ') }]),
);

/** `{ flags, command }` for `[--option[=value] | --option value]... [--] COMMAND...`, else undefined. */
export function fastParse(argv: string[]): { flags: RawFlags; command: string[] } | undefined {
  const flags: RawFlags = {};
  let i = 0;
  for (; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      i += 1;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const option = BY_FLAG.get(name);
    if (!option) return undefined;
    if (!option.takesValue) {
      if (eq !== -1) return undefined;
      flags[option.key] = true;
    } else if (eq !== -1) {
      flags[option.key] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) return undefined;
      flags[option.key] = value;
      i += 1;
    }
  }
  const command = argv.slice(i);
  if (i === 0 && (command[0] === 'doctor' || command[0] === 'try')) return undefined;
  return { flags, command };
}
