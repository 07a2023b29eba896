// Entry: main(argv, env, io) -> exit code. The only place that exits.
import { writeSync } from 'node:fs';
import { fastParse } from './argv.js';
import { type Env, resolveConfig } from './config.js';
import { EXIT, ExitError } from './errors.js';
import type { Parsed } from './program.js';
import { type Io, runEntrypoint } from './run.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** What the entry needs to know about itself: how to start uid-entrypoint again (for `try`). */
export interface Self {
  node: string;
  script: string;
}

/**
 * Runs one command line; returns uid-entrypoint's own exit code, or, for `try`, COMMAND's. The
 * default command returns only when it did not exec (--dry-run, or an error).
 */
export async function main(argv: string[], env: Env, io: Io, self?: Self): Promise<number> {
  try {
    // The plain entrypoint shapes skip commander, which a container start would otherwise load.
    const fast = fastParse(argv);
    const parsed: Parsed = fast
      ? { kind: 'run', ...fast }
      : (await import('./program.js')).parseArgs(argv, VERSION, io);
    switch (parsed.kind) {
      case 'run':
        return await runEntrypoint(await resolveConfig(parsed.flags, env), parsed.command, env, io);
      case 'doctor': {
        const { runDoctor } = await import('./doctor.js');
        return await runDoctor(parsed.json, env, io);
      }
      case 'try': {
        const { runTry } = await import('./try.js');
        if (!self) throw new ExitError(EXIT.internal, 'internal error: try needs to know how to start uid-entrypoint');
        return await runTry(parsed.flags, parsed.command, env, self);
      }
    }
  } catch (error) {
    if (error instanceof ExitError) {
      if (error.message) io.stderr(`uid-entrypoint: ${error.message}\n`);
      return error.code;
    }
    io.stderr(`uid-entrypoint: internal error (a bug, please report it): ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

/**
 * Writes to a standard fd synchronously: the line is out before execve replaces this process,
 * and process.stdout/stderr (and the stream machinery they load) stay untouched on the start path.
 */
function writeAll(fd: 1 | 2, text: string): void {
  try {
    writeSync(fd, text);
  } catch (error) {
    // A reader that went away (`uid-entrypoint --help | head -1`) is not an error of ours.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    (fd === 1 ? process.stdout : process.stderr).write(text);
  }
}

/** The process entry, called by bin/uid-entrypoint.cjs: exits with the code main returns. */
export async function run(): Promise<void> {
  const io: Io = { stdout: (t) => writeAll(1, t), stderr: (t) => writeAll(2, t) };
  const self = { node: process.execPath, script: process.argv[1] ?? '' };
  process.exit(await main(process.argv.slice(2), { ...process.env }, io, self));
}
