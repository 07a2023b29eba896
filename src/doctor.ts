// doctor: diagnose, change nothing (filled in by the doctor issue).
import type { Env } from './config.js';
import type { Io } from './run.js';

export async function runDoctor(_json: boolean, _env: Env, io: Io): Promise<number> {
  io.stderr('uid-entrypoint: doctor is not built yet\n');
  return 70;
}
