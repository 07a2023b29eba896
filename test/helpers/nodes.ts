// The Node lines the tests run: every supported line, each from the npm package `node` (the
// project's own Node 24, and 22 and 26 from test/nodes), and the machine's older Node for the refusal.
import { join } from 'node:path';

export const NODE_LINES = ['22', '24', '26'] as const;
export type NodeLine = (typeof NODE_LINES)[number];

const ROOT = join(import.meta.dirname, '..', '..');

/** Where the binary of `line` is installed: node_modules for 24, test/nodes/node_modules for the others. */
export const nodeSource = (line: NodeLine): string =>
  line === '24' ? join(ROOT, 'node_modules/node/bin/node') : join(ROOT, `test/nodes/node_modules/node${line}/bin/node`);

/** The machine's own Node, older than the supported lines (Debian 12's 20): only for the refusal. */
export const OLD_NODE = '/usr/bin/node';
