// try: reproduce an arbitrary UID in user namespaces (filled in by the try issue).
import type { Self } from './cli.js';
import type { Env, RawFlags } from './config.js';
import type { Io } from './run.js';

export async function runTry(_flags: RawFlags, _command: string[], _env: Env, io: Io, _self: Self): Promise<number> {
  io.stderr('uid-entrypoint: try is not built yet\n');
  return 70;
}
