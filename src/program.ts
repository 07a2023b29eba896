// The commander program: turns argv into which command to run and its raw options. Acts on nothing.
import { Command, CommanderError, Option } from 'commander';
import { RUN_OPTIONS, type RawFlags } from './config.js';
import { EXIT, ExitError } from './errors.js';
import type { Io } from './run.js';

export type Parsed =
  | { kind: 'run'; flags: RawFlags; command: string[] }
  | { kind: 'doctor'; json: boolean }
  | { kind: 'try'; flags: RawFlags; command: string[] };

const SUBCOMMANDS_HELP = `
Commands:
  uid-entrypoint doctor [--json]     diagnose the identity situation, change nothing
  uid-entrypoint try [options] [--] COMMAND [ARG...]
                                     reproduce an arbitrary UID locally (user namespaces, no root)

Every option can also be set as UID_ENTRYPOINT_<OPTION> (--log-level -> UID_ENTRYPOINT_LOG_LEVEL); a flag wins.
Exit codes: COMMAND's own; 64 usage; 78 not fixable under --strict; 126 not executable; 127 not found; 70 internal.`;

const addRunOptions = (cmd: Command): Command => {
  for (const { flag, help } of RUN_OPTIONS) cmd.addOption(new Option(flag, help));
  return cmd;
};

const configure = (cmd: Command, io: Io): Command =>
  cmd
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run with --help for usage)');

/** Only options given on the command line, so the environment can fill the rest. */
const given = (cmd: Command): RawFlags => {
  const out: RawFlags = {};
  for (const [key, value] of Object.entries(cmd.opts()))
    if (cmd.getOptionValueSource(key) === 'cli') out[key] = value as string | boolean;
  return out;
};

/**
 * Parses argv (without node and script). A subcommand counts only as the very
 * first word, so `uid-entrypoint -- try` runs a program called try. Throws
 * ExitError: 0 after --help or --version, 64 for a bad command line.
 */
export function parseArgs(argv: string[], version: string, io: Io): Parsed {
  let parsed: Parsed | undefined;
  const first = argv[0];
  let cmd: Command;
  if (first === 'doctor') {
    cmd = configure(new Command('uid-entrypoint doctor'), io)
      .description(
        'Diagnose the identity situation of this process; change nothing. Exit 0 when healthy, 1 when a problem is found.',
      )
      .option('--json', 'print the report as JSON')
      .action(() => {
        parsed = { kind: 'doctor', json: Boolean(cmd.opts().json) };
      });
  } else if (first === 'try') {
    cmd = addRunOptions(
      configure(new Command('uid-entrypoint try'), io)
        .description(
          "Run uid-entrypoint [options] -- COMMAND as an arbitrary UID in new user, mount and PID namespaces, with private copies of /etc/passwd and /etc/group. No root, no Docker; the host's files never change.",
        )
        .usage('[--uid N] [--gid N] [--groups N,...] [--passwd writable|read-only] [options] [--] COMMAND [ARG...]')
        .option('--uid <n>', 'UID inside (default: 10000)')
        .option('--gid <n>', 'GID inside (default: 0)')
        .option(
          '--groups <n,...>',
          'supplementary GIDs inside, as fsGroup and supplementalGroups give them (default: none)',
        )
        .option('--passwd <access>', 'writable (passwd mode) or read-only (nss-wrapper mode) (default: writable)'),
    )
      .argument('[command...]')
      .passThroughOptions()
      .action((command: string[]) => {
        parsed = { kind: 'try', flags: given(cmd), command };
      });
  } else {
    cmd = addRunOptions(
      configure(new Command('uid-entrypoint'), io)
        .description('Give the current UID a name and a home, then exec COMMAND (through tini when PID 1).')
        .usage('[options] [--] COMMAND [ARG...]')
        .version(version, '-V, --version', 'print the version'),
    )
      .argument('[command...]')
      .passThroughOptions()
      .addHelpText('after', SUBCOMMANDS_HELP)
      .action((command: string[]) => {
        parsed = { kind: 'run', flags: given(cmd), command };
      });
  }
  try {
    cmd.parse(first === 'doctor' || first === 'try' ? argv.slice(1) : argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      throw new ExitError(ok ? EXIT.ok : EXIT.usage, '');
    }
    throw error;
  }
  if (!parsed) throw new ExitError(EXIT.internal, 'internal error: no command was parsed');
  return parsed;
}
