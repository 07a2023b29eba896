// Bundled and run by test/child.test.ts under the machine's Node 20, one of the Nodes whose
// containers take the spawn path: starts the Invocation it is given (argv: PATH-KIND REQUEST) and
// prints, as one JSON line, how it ended or the error, and how many signal listeners are left.
import { processWrap, startChild } from '../../src/child.js';
import { FORWARDED, spawnAndForward } from '../../src/exec.js';
import type { Invocation } from '../../src/invocation.js';

interface Request {
  inv: Invocation;
  env: Record<string, string>;
  /** Through spawnAndForward (signals forwarded), not startChild alone. */
  forward?: boolean;
}

const [kind = '', json = '{}'] = process.argv.slice(2);
const { inv, env, forward } = JSON.parse(json) as Request;
const Process = kind === 'process_wrap' ? processWrap() : undefined;
if (kind === 'process_wrap' && !Process) throw new Error(`Node ${process.version} gives no process_wrap handle`);
const run = async (): Promise<object> => {
  try {
    const outcome = forward ? await spawnAndForward(inv, env, Process) : await startChild(inv, env, Process).ended;
    return { outcome, listeners: FORWARDED.reduce((sum, signal) => sum + process.listenerCount(signal), 0) };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message: string };
    return { error: { code, message } };
  }
};
void run().then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
