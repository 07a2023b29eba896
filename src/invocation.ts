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

/** Whether `mask` is a signal mask as /proc/PID/status spells SigBlk: 1 to 16 hexadecimal digits. */
export const isSigBlk = (mask: string | undefined): mask is string =>
  mask !== undefined && /^[0-9a-f]{1,16}$/i.test(mask);

/**
 * The signals a mask blocks, as /proc/PID/status spells it (SigBlk: hexadecimal, bit N-1 for
 * signal N); none for anything else. Not 32 and 33: glibc keeps them for its threads, and no
 * program can block them.
 */
export function blockedSignals(mask: string | undefined): number[] {
  if (!isSigBlk(mask)) return [];
  const bits = BigInt(`0x${mask}`);
  const signals: number[] = [];
  for (let signal = 1; signal <= 64; signal++) {
    if ((bits >> BigInt(signal - 1)) & 1n && signal !== 32 && signal !== 33) signals.push(signal);
  }
  return signals;
}

/**
 * `inv` started through GNU env at `envPath`, which blocks `signals` and then execs it: the
 * caller's mask, which process.execve cannot pass on (Node's own mask blocks none). COMMAND's
 * argv[0] becomes its path, as env gives it.
 */
export function throughEnv(inv: Invocation, envPath: string, signals: number[]): Invocation {
  const argv = ['env', `--block-signal=${signals.join(',')}`, '--', inv.file, ...inv.argv.slice(1)];
  return { file: envPath, argv, tini: inv.tini };
}
