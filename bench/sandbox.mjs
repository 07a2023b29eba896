// The benchmarks' sandbox: a root under /var/tmp holding the supported Nodes, bench/pairs.mjs and
// copies of the CLI, and the scenarios, each run with private passwd/group files as a given UID.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The supported Node lines the bench runs: the project's own 24, and 22 and 26 from test/nodes. */
export const NODE_LINES = ['22', '24', '26'];

const nodeSource = (line) =>
  line === '24' ? join(here, 'node_modules/node/bin/node') : join(here, `test/nodes/node_modules/node${line}/bin/node`);

/**
 * A fresh root (mode 0755, so every test UID can read it) with bench/pairs.mjs and each supported
 * Node in it (root/node22, root/node24, root/node26).
 */
export function makeRoot() {
  const root = mkdtempSync('/var/tmp/uid-entrypoint-bench-');
  chmodSync(root, 0o755);
  copyFileSync(join(here, 'bench/pairs.mjs'), join(root, 'pairs.mjs'));
  for (const line of NODE_LINES) {
    if (!existsSync(nodeSource(line))) throw new Error(`missing ${nodeSource(line)}: run npm ci --prefix test/nodes`);
    copyFileSync(nodeSource(line), join(root, `node${line}`));
    chmodSync(join(root, `node${line}`), 0o755);
  }
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
  for (let i = 0; i < 100_000; i += 1)
    lines.push(`user${i}:x:${20000 + i}:${20000 + i}:User ${i}:/home/user${i}:/bin/sh`);
  return `${lines.join('\n')}\n`;
};

// The image's nsswitch.conf too (bench/nsswitch.conf): a container resolves names as its image says.
const MOUNT =
  'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && mount --bind "$3" /etc/nsswitch.conf && mount -t tmpfs -o mode=1777 tmpfs /tmp && shift 3 && exec "$@"';

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
  return [
    'unshare',
    '--mount',
    '--pid',
    '--fork',
    '--mount-proc',
    'sh',
    '-c',
    MOUNT,
    'sh',
    passwd,
    group,
    join(here, 'bench/nsswitch.conf'),
    'env',
    '-i',
    'PATH=/usr/bin:/bin',
    'HOME=/',
    'setpriv',
    `--reuid=${s.uid}`,
    `--regid=${s.gid}`,
    '--clear-groups',
    ...argv,
  ];
}

/**
 * bench/pairs.mjs in scenario `s`'s sandbox: `runs` rounds of `node -e 0` and `uid-entrypoint --
 * true` of each of `clis` on `node`. Returns its times in ms, { base, entries (one list per CLI),
 * shell }, and `cpus`: each CPU's spin time before and after the row (cpuSpins) and the CPU it was
 * pinned to, if any. The row waits, up to a minute, for CPUs of equal speed (BALANCED); when
 * they stay unequal, it runs pinned to the fastest one (cpuSpins says what that costs).
 */
export function runPairs(root, s, node, runs, clis) {
  let before = cpuSpins();
  for (let waited = 0; spread(before) > BALANCED && waited < 60; waited += 10) {
    process.stderr.write(
      `bench: ${s.label}: CPUs unequal (${before.map(([c, ms]) => `CPU ${c} ${ms.toFixed(0)} ms`).join(', ')}), waiting\n`,
    );
    execFileSync('sleep', ['10']);
    before = cpuSpins();
  }
  const pinned = spread(before) > BALANCED ? [...before].sort((a, b) => a[1] - b[1])[0][0] : undefined;
  const argv = [
    ...(pinned === undefined ? [] : ['taskset', '--cpu-list', String(pinned)]),
    ...inSandbox(root, s, [node, join(root, 'pairs.mjs'), node, String(runs), s.restore ? 'restore' : 'keep', ...clis]),
  ];
  const times = JSON.parse(execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 24, cwd: '/' }));
  return { ...times, cpus: { before, after: cpuSpins(), pinned } };
}

/** The CPUs this process may run on: /proc/self/status's Cpus_allowed_list, e.g. `0-1,4`. */
function allowedCpus(status = readFileSync('/proc/self/status', 'utf8')) {
  const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? '0';
  return list.split(',').flatMap((part) => {
    const [first, last = first] = part.split('-').map(Number);
    return Array.from({ length: last - first + 1 }, (_, k) => first + k);
  });
}

/**
 * A fixed amount of work: a shell loop of 100,000 steps (about 0.1 s). Not a Node loop: when V8
 * optimises it depends on its compiler threads, which a pinned process shares with the loop, so
 * Node 24's took 175 or 220 ms on the same CPU, run to run.
 */
const SPIN = ['sh', '-c', 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done'];

/** Milliseconds that `argv` takes to run. */
const timed = (argv) => {
  const start = process.hrtime.bigint();
  execFileSync(argv[0], argv.slice(1));
  return Number(process.hrtime.bigint() - start) / 1e6;
};

/**
 * Each CPU's time for the same loop, pinned to it (median of three, interleaved): [[cpu, ms], ...].
 * This VM's vCPUs are not always equal: in round eleven one took 1.6-1.85x as long as the other
 * for the same loop, for minutes at a time. A start then takes longer on one than on the other,
 * and which one each side of a pair lands on decides its ratio: a 40-pair row read 1.055x
 * (0.993-1.088) with an "own" of -0.115. Pinning every process to the fastest CPU instead steadies
 * the row but serialises Node's own worker threads with its main thread: Node 24's run 3-3.6 ms
 * during a start with a fix and 1.5-1.8 ms during `node -e 0`, so pinned rows
 * read about 0.02 higher on Node 24 than a machine with a free core shows. So rows run unpinned on
 * equal CPUs, and pinned only when the CPUs stay unequal.
 */
function cpuSpins() {
  const cpus = allowedCpus();
  const times = new Map(cpus.map((c) => [c, []]));
  for (let round = 0; round < 3; round += 1) {
    for (const c of cpus) times.get(c).push(timed(['taskset', '--cpu-list', String(c), ...SPIN]));
  }
  return cpus.map((c) => [c, times.get(c).sort((a, b) => a - b)[1]]);
}

/** The slowest CPU's spin time over the fastest's: 1 when they are equal. */
const spread = (spins) => Math.max(...spins.map(([, ms]) => ms)) / Math.min(...spins.map(([, ms]) => ms));

/** The most `spread` a row's CPUs may show, before and after it, for its numbers to count. */
export const BALANCED = 1.2;

/**
 * A row's CPU check as the tables print it: `ok`; `pinned to CPU 1 (1.56x)` for a row that ran on
 * one CPU; `UNEQUAL 1.31x` for an unpinned row whose CPUs differed after it, whose ratios are not
 * to be trusted.
 */
export const cpuCheck = ({ before, after, pinned }) => {
  if (pinned !== undefined) return `pinned to CPU ${pinned} (${spread(before).toFixed(2)}x)`;
  const worst = Math.max(spread(before), spread(after));
  return worst <= BALANCED ? 'ok' : `UNEQUAL ${worst.toFixed(2)}x`;
};
