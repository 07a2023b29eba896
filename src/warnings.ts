// Node's process warnings that would land in every container's log on every start.

/**
 * Runs `fn` with process warnings whose text matches `pattern` dropped, and
 * every other warning passed on. For Node's own notices about the APIs this
 * tool chooses on purpose (process.execve is experimental, process.binding is
 * deprecated), which say nothing a container's operator can act on.
 */
export function withoutWarning<T>(pattern: RegExp, fn: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (pattern.test(typeof warning === 'string' ? warning : warning.message)) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = emit;
  }
}
