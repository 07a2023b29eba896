// The benchmarks' sandbox: a root under /var/tmp holding Node 24, bench/pairs.mjs and copies of
// the CLI, and the scenarios, each run with private passwd/group files as a given UID.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** This checkout. */
export const here = new URL('..', import.meta.url).pathname;

export const SCENARIOS = [
  { label: 'UID known (65534)', uid: 65534, gid: 65534, mode: 0o644 },
  { label: 'fix: nss-wrapper', uid: 10000, gid: 0, mode: 0o644 },
  { label: 'fix: passwd (fresh copy each run)', uid: 10000, gid: 0, mode: 0o664, restore: true },
  { label: 'fix: nss-wrapper, 100,000-line passwd', uid: 10000, gid: 0, mode: 0o644, big: true },
  { label: 'fix: passwd, 100,000-line passwd', uid: 10000, gid: 0, mode: 0o664, big: true, restore: true },
];

/** A fresh root (mode 0755, so every test UID can read it) with Node 24 and bench/pairs.mjs in it. */
export function makeRoot() {
  const root = mkdtempSync('/var/tmp/uid-entrypoint-bench-');
  chmodSync(root, 0o755);
  copyFileSync(join(here, 'bench/pairs.mjs'), join(root, 'pairs.mjs'));
  copyFileSync(join(here, 'node_modules/node/bin/node'), join(root, 'node24'));
  chmodSync(join(root, 'node24'), 0o755);
  return root;
}

/** Copies a build's bin/ and dist/ from `from` into `root`/`name`; returns its CLI script. */
export function installCli(root, from, name) {
  cpSync(join(from, 'dist'), join(root, name, 'dist'), { recursive: true });
  cpSync(join(from, 'bin'), join(root, name, 'bin'), { recursive: true });
  return join(root, name, 'bin/uid-entrypoint.cjs');
}

const bigPasswd = () => {
  const lines = [readFileSync('/etc/passwd', 'utf8').trimEnd()];
  for (let i = 0; i < 100_000; i += 1) lines.push(`user${i}:x:${20000 + i}:${20000 + i}:User ${i}:/home/user${i}:/bin/sh`);
  return `${lines.join('\n')}\n`;
};

// The image's nsswitch.conf too (bench/nsswitch.conf): a container resolves names as its image says.
const MOUNT = 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && mount --bind "$3" /etc/nsswitch.conf && mount -t tmpfs -o mode=1777 tmpfs /tmp && shift 3 && exec "$@"';

/** argv that runs `argv` in scenario `s`'s sandbox, with its own copies of passwd and group under `root`. */
export function inSandbox(root, s, argv) {
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
}

/**
 * bench/pairs.mjs in scenario `s`'s sandbox: `runs` rounds of `node -e 0` and `uid-entrypoint --
 * true` of each of `clis` on `node`, all on one CPU (fastestCpu). Returns its times in ms:
 * { base, entries (one list per CLI), shell }.
 */
export function runPairs(root, s, node, runs, clis) {
  const cpu = fastestCpu(node);
  process.stderr.write(`bench: ${s.label}: on CPU ${cpu.cpu} (${cpu.spins.map(([c, ms]) => `CPU ${c} ${ms.toFixed(0)} ms`).join(', ')})\n`);
  const argv = ['taskset', '--cpu-list', String(cpu.cpu), ...inSandbox(root, s, [node, join(root, 'pairs.mjs'), node, String(runs), s.restore ? 'restore' : 'keep', ...clis])];
  return JSON.parse(execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 24, cwd: '/' }));
}

/** The CPUs this process may run on: /proc/self/status's Cpus_allowed_list, e.g. `0-1,4`. */
export function allowedCpus(status = readFileSync('/proc/self/status', 'utf8')) {
  const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? '0';
  return list.split(',').flatMap((part) => {
    const [first, last = first] = part.split('-').map(Number);
    return Array.from({ length: last - first + 1 }, (_, k) => first + k);
  });
}

/** A fixed loop for `node -e`; it prints its own time in ms. */
const SPIN = 'const t = process.hrtime.bigint(); let x = 0; for (let i = 0; i < 2e7; i += 1) x += i; process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));';

/**
 * The CPU a row runs on, and each CPU's time for the same loop (median of three, interleaved).
 * Every process of a row is pinned to one CPU, so both sides of a pair run on the same one: this
 * VM's two vCPUs are not always equal (round eleven saw one take 1.85x as long for the same loop,
 * for minutes), and unpinned, each start landed on either. The fastest one now is taken, row by row.
 */
export function fastestCpu(node) {
  const cpus = allowedCpus();
  const times = new Map(cpus.map((c) => [c, []]));
  for (let round = 0; round < 3; round += 1) {
    for (const c of cpus) times.get(c).push(Number(execFileSync('taskset', ['--cpu-list', String(c), node, '-e', SPIN], { encoding: 'utf8' })));
  }
  const spins = cpus.map((c) => [c, times.get(c).sort((a, b) => a - b)[1]]);
  const [cpu] = [...spins].sort((a, b) => a[1] - b[1])[0];
  return { cpu, spins };
}
