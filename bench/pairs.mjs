// Runs inside the bench sandbox as the UID under test: times `node -e 0` and `uid-entrypoint -- true`
// alternately (paired runs on the same Node binary) and prints one JSON line of results.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [node, cli, runs, restore] = [process.argv[2], process.argv[3], Number(process.argv[4]), process.argv[5] === 'restore'];
const original = restore ? readFileSync('/etc/passwd') : undefined;
const env = { PATH: process.env.PATH, HOME: '/' };

const time = (argv) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
};

const base = [];
const entry = [];
const shell = [];
const script = 'if ! whoami >/dev/null 2>&1; then if [ -w /etc/passwd ]; then echo "default:x:$(id -u):0:default user:${HOME}:/sbin/nologin" >> /etc/passwd; fi; fi; exec "$@"';
for (let i = 0; i < runs + 3; i += 1) {
  const b = time([node, '-e', '0']);
  const e = time([node, cli, '--', 'true']);
  if (original) writeFileSync('/etc/passwd', original);
  const s = time(['sh', '-c', script, 'sh', 'true']);
  if (original) writeFileSync('/etc/passwd', original);
  if (i >= 3) {
    base.push(b);
    entry.push(e);
    shell.push(s);
  }
}
process.stdout.write(`${JSON.stringify({ base, entry, shell })}\n`);
