// Runs inside the bench sandbox as the UID under test: times `node -e 0`, then `uid-entrypoint --
// true` of each CLI given (their order turning round by round: whatever runs right after `node -e
// 0` is about 1% faster), then the six-line shell entrypoint, and prints one JSON line of results.
// A CLI that is bin/uid-entrypoint.cjs runs as a container's ENTRYPOINT runs it: the kernel reads
// its #! line, and NODE is `node` on PATH; anything else (bench/floor.cjs) runs as `NODE CLI`.
// Usage: node pairs.mjs NODE RUNS restore|keep CLI...
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [node, runs, restore, ...clis] = [
  process.argv[2],
  Number(process.argv[3]),
  process.argv[4] === 'restore',
  ...process.argv.slice(5),
];
const original = restore ? readFileSync('/etc/passwd') : undefined;
// A directory whose `node` is NODE, first on PATH.
const nodeDir = mkdtempSync('/tmp/bench-node-');
symlinkSync(node, join(nodeDir, 'node'));
const env = { PATH: `${nodeDir}:${process.env.PATH}`, HOME: '/' };
const startOf = (cli) => (basename(cli) === 'uid-entrypoint.cjs' ? [cli] : [node, cli]);

const time = (argv) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
};

const base = [];
const entries = clis.map(() => []);
const shell = [];
const script =
  'if ! whoami >/dev/null 2>&1; then if [ -w /etc/passwd ]; then echo "default:x:$(id -u):0:default user:$HOME:/sbin/nologin" >> /etc/passwd; fi; fi; exec "$@"';
for (let i = 0; i < runs + 3; i += 1) {
  const b = time([node, '-e', '0']);
  const e = [];
  for (let k = 0; k < clis.length; k += 1) {
    const j = (i + k) % clis.length;
    e[j] = time([...startOf(clis[j]), '--', 'true']);
    if (original) writeFileSync('/etc/passwd', original);
  }
  const s = time(['sh', '-c', script, 'sh', 'true']);
  if (original) writeFileSync('/etc/passwd', original);
  if (i >= 3) {
    base.push(b);
    e.forEach((ms, j) => {
      entries[j].push(ms);
    });
    shell.push(s);
  }
}
process.stdout.write(`${JSON.stringify({ base, entries, shell })}\n`);
