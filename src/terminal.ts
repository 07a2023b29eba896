// Whether a signal may have come from the terminal to this whole process group.
import { readText } from './probe.js';

/** Signals a terminal sends to its whole foreground process group: Ctrl-C, Ctrl-\ and a resize. */
export const FROM_TERMINAL: ReadonlySet<string> = new Set(['SIGINT', 'SIGQUIT', 'SIGWINCH']);

/**
 * Whether the process whose /proc/PID/stat is `stat` is in its terminal's foreground process
 * group (pgrp equal to tpgid; tpgid is -1 without a terminal). A child started in the same group
 * then gets the terminal's signals from the terminal itself. The command name, in parentheses,
 * may hold spaces and parentheses: the fields are counted after the last ')'.
 */
export function inForeground(stat: string): boolean {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state, ppid, pgrp, session, tty_nr, tpgid.
  const pgrp = Number(fields[2]);
  const tpgid = Number(fields[5]);
  return Number.isInteger(tpgid) && tpgid > 0 && tpgid === pgrp;
}

/** inForeground for this process; false when /proc cannot say (then a signal is forwarded). */
export const selfInForeground = (): boolean => inForeground(readText('/proc/self/stat') ?? '');
