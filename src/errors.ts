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

/** Thrown anywhere below cli.ts; cli.ts prints `message` and exits with `code`. */
export class ExitError extends Error {
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
