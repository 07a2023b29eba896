// Pure: the argv that replaces this process, with or without tini in front.

export interface Invocation {
  /** The executable to run. */
  file: string;
  /** Its full argv, argv[0] included. */
  argv: string[];
  /** Whether tini runs COMMAND. */
  tini: boolean;
}

export interface InvocationInput {
  command: string;
  args: string[];
  /** COMMAND as resolved on PATH. */
  resolved: string;
  init: 'auto' | 'tini' | 'none';
  /** tini as found, or undefined. */
  tiniPath: string | undefined;
  pid1: boolean;
  killGroup: boolean;
}

/**
 * tini runs COMMAND when asked (--init tini) or, under auto, when this is PID 1 and tini is
 * there. tini gets -s (subreaper) when it will not itself be PID 1, so it still reaps; -g with
 * --kill-group.
 */
export function planInvocation(input: InvocationInput): Invocation {
  const { command, args, resolved, init, tiniPath, pid1, killGroup } = input;
  const useTini = tiniPath !== undefined && (init === 'tini' || (init === 'auto' && pid1));
  if (!useTini) return { file: resolved, argv: [command, ...args], tini: false };
  const flags = [...(killGroup ? ['-g'] : []), ...(pid1 ? [] : ['-s'])];
  return { file: tiniPath, argv: ['tini', ...flags, '--', resolved, ...args], tini: true };
}
