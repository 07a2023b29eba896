// Leveled logging to stderr only: stdout belongs to COMMAND.
import type { FORMATS, LOG_LEVELS } from './config.js';

export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof FORMATS)[number];

export interface Logger {
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const RANK: Record<LogLevel, number> = { silent: 0, warn: 1, info: 2, debug: 3 };

/** A logger that writes whole lines through `write` (stderr in production). */
export function createLogger(level: LogLevel, format: LogFormat, write: (line: string) => void): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string): void => {
    if (RANK[at] > RANK[level]) return;
    write(
      format === 'json'
        ? `${JSON.stringify({ level: at, message, name: 'uid-entrypoint' })}\n`
        : `uid-entrypoint: ${at === 'info' ? '' : `${at}: `}${message}\n`,
    );
  };
  return {
    warn: (message) => emit('warn', message),
    info: (message) => emit('info', message),
    debug: (message) => emit('debug', message),
  };
}
