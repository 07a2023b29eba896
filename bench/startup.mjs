// Startup benchmark: `uid-entrypoint -- true` against `node -e 0` on the same Node binary, as
// paired runs inside a sandbox (private passwd/group, UID 10000 or 65534), for each scenario and
// both Node paths. Prints medians, ratios against the budget, peak RSS, and what is left after exec.
// Needs root (mount namespaces), as the tests do. Usage: node bench/startup.mjs [runs]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 30);
const root = mkdtempSync('/var/tmp/uid-entrypoint-bench-');
chmodSync(root, 0o755);
const here = new URL('..', import.meta.url).pathname;
cpSync(join(here, 'dist'), join(root, 'dist'), { recursive: true });
cpSync(join(here, 'bin'), join(root, 'bin'), { recursive: true });
copyFileSync(join(here, 'bench/pairs.mjs'), join(root, 'pairs.mjs'));
copyFileSync(join(here, 'node_modules/node/bin/node'), join(root, 'node24'));
chmodSync(join(root, 'node24'), 0o755);
const cli = join(root, 'bin/uid-entrypoint.cjs');

const NODES = [
  { label: 'Node 24 (execve)', bin: join(root, 'node24') },
  { label: 'Node 20 (spawn)', bin: '/usr/bin/node' },
];

const bigPasswd = () => {
  const lines = [readFileSync('/etc/passwd', 'utf8').trimEnd()];
  for (let i = 0; i < 100_000; i += 1) lines.push(`user${i}:x:${20000 + i}:${20000 + i}:User ${i}:/home/user${i}:/bin/sh`);
  return `${lines.join('\n')}\n`;
};

const SCENARIOS = [
  { label: 'UID known (65534)', uid: 65534, gid: 65534, mode: 0o644 },
  { label: 'fix: nss-wrapper', uid: 10000, gid: 0, mode: 0o644 },
  { label: 'fix: passwd (fresh copy each run)', uid: 10000, gid: 0, mode: 0o664, restore: true },
  { label: 'fix: nss-wrapper, 100,000-line passwd', uid: 10000, gid: 0, mode: 0o644, big: true },
  { label: 'fix: passwd, 100,000-line passwd', uid: 10000, gid: 0, mode: 0o664, big: true, restore: true },
];

// The image's nsswitch.conf too (bench/nsswitch.conf): a container resolves names as its image says.
const MOUNT = 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && mount --bind "$3" /etc/nsswitch.conf && mount -t tmpfs -o mode=1777 tmpfs /tmp && shift 3 && exec "$@"';
const inSandbox = (s, argv) => {
  const dir = mkdtempSync(join(root, 'etc-'));
  chmodSync(dir, 0o755);
  const passwd = join(dir, 'passwd');
  const group = join(dir, 'group');
  if (s.big) writeFileSync(passwd, bigPasswd());
  else copyFileSync('/etc/passwd', passwd);
  copyFileSync('/etc/group', group);
  chmodSync(passwd, s.mode);
  chmodSync(group, 0o644);
  return ['unshare', '--mount', '--pid', '--fork', '--mount-proc', 'sh', '-c', MOUNT, 'sh', passwd, group, join(here, 'bench/nsswitch.conf'),
    'env', '-i', 'PATH=/usr/bin:/bin', 'HOME=/', 'setpriv', `--reuid=${s.uid}`, `--regid=${s.gid}`, '--clear-groups', ...argv];
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Uniform numbers in [0, 1) from a fixed seed (mulberry32): the same runs give the same interval. */
const seeded = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * A 95% interval for the median of `xs` (percentile bootstrap, 2,000 resamples): how far this
 * VM's noise could move the ratio, so that a row 0.003 over its budget is read as on the line.
 */
const medianInterval = (xs) => {
  const random = seeded(1);
  const medians = [];
  for (let k = 0; k < 2000; k += 1) medians.push(median(xs.map(() => xs[Math.floor(random() * xs.length)])));
  medians.sort((a, b) => a - b);
  return [medians[50], medians[1949]];
};

/** Peak RSS (KB) of one `uid-entrypoint -- true`, through GNU time (maxrss survives execve). */
const peakRss = (s, node) => {
  const argv = inSandbox(s, ['/usr/bin/time', '-f', '%M', node, cli, '--log-level', 'silent', '--', 'true']);
  const { stderr } = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], cwd: '/' });
  return Number(stderr.trim().split('\n').pop());
};

/** What the entrypoint's PID is running 300 ms after start: `sleep` after execve, `node` on the spawn path. */
const afterExec = (node) =>
  new Promise((resolve) => {
    const child = spawn(node, [cli, '--log-level', 'silent', '--', 'sleep', '1'], { stdio: 'ignore' });
    setTimeout(() => {
      const comm = readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim();
      child.on('exit', () => resolve(comm));
    }, 300);
  });

const rows = [];
// A failed run must not leave its copies and 6 MB passwd files behind in /var/tmp.
try {
  // As an image build does (npm's postinstall): the code cache for each Node, where that Node can use one.
  for (const { bin } of NODES) process.stderr.write(execFileSync(bin, [join(root, 'bin/write-code-cache.cjs')], { encoding: 'utf8' }));
  for (const node of NODES) {
    const version = execFileSync(node.bin, ['--version'], { encoding: 'utf8' }).trim();
    for (const s of SCENARIOS) {
      const argv = inSandbox(s, [node.bin, join(root, 'pairs.mjs'), node.bin, cli, String(runs), s.restore ? 'restore' : '']);
      const out = JSON.parse(execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 24, cwd: '/' }));
      const ratios = out.base.map((b, i) => out.entry[i] / b);
      rows.push({
        node: `${node.label} ${version}`,
        scenario: s.label,
        base: median(out.base),
        entry: median(out.entry),
        ratio: median(ratios),
        interval: medianInterval(ratios),
        shell: median(out.shell),
        budget: s.big ? 1.3 : 1.1,
        known: s.uid === 65534,
        rss: peakRss(s, node.bin),
      });
    }
    rows.push({ node: `${node.label} ${version}`, after: await afterExec(node.bin) });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

// At least one space after each column, however long its text.
const pad = (v, n) => `${String(v).padEnd(n - 1)} `;
console.log(`paired runs: ${runs} per row; medians in ms; ratio = median of per-pair (entrypoint / node -e 0), with its 95% bootstrap interval\n`);
console.log(`${pad('node', 27)}${pad('scenario', 40)}${pad('node -e 0', 11)}${pad('entrypoint', 12)}${pad('ratio', 8)}${pad('95% interval', 14)}${pad('budget', 11)}${pad('peak RSS', 10)}shell script`);
for (const r of rows) {
  if (r.after) {
    console.log(`${pad(r.node, 27)}after exec, the entrypoint's PID runs: ${r.after}${r.after === 'node' ? ' (spawn fallback: Node waits for COMMAND)' : ' (no Node process left)'}`);
    continue;
  }
  const verdict = r.known ? '-' : r.ratio <= r.budget ? `<=${r.budget} ok` : `>${r.budget} OVER`;
  console.log(`${pad(r.node, 27)}${pad(r.scenario, 40)}${pad(r.base.toFixed(1), 11)}${pad(r.entry.toFixed(1), 12)}${pad(`${r.ratio.toFixed(3)}x`, 8)}${pad(`${r.interval[0].toFixed(3)}-${r.interval[1].toFixed(3)}`, 14)}${pad(verdict, 11)}${pad(`${(r.rss / 1024).toFixed(1)} MB`, 10)}${r.shell.toFixed(1)} ms`);
}
