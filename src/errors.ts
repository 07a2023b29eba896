// Exit codes and the one error type that carries them up to the entry point.

/** Exit codes of uid-entrypoint itself; COMMAND's own code passes through unchanged. */
export const EXIT = {
  ok: 0,
  problem: 1,
  usage: 64,
  internal: 70,
  unfixable: 78,
  notExecutable: 126,
  notFound: 127,
} as const;

const BRAND = Symbol.for('uid-entrypoint.ExitError');

/**
 * Thrown anywhere below cli.ts; cli.ts prints `message` and exits with `code`.
 * dist/cli.cjs and the lazily loaded modules each carry a copy of this class,
 * so `instanceof` checks a brand shared by all copies, not the constructor.
 */
export class ExitError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  readonly [BRAND] = true;
  override readonly name = 'ExitError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A configuration error: exit 64 with a message naming option, value and rule. */
export const usageError = (message: string): ExitError => new ExitError(EXIT.usage, message);

/**
 * COMMAND's start failed with errno `code`. The file was found and checked before (resolve.ts);
 * what fails now is the start itself: a working directory that is gone, a vanished file, an
 * interpreter's own interpreter.
 */
export const cannotRun = (file: string, code: string): ExitError =>
  new ExitError(
    code === 'ENOENT' ? EXIT.notFound : EXIT.notExecutable,
    `cannot run ${file}: ${code}${code === 'ENOENT' ? ' (or the working directory is gone)' : ''}`,
  );
