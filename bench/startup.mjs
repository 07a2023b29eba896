// Startup benchmark: `uid-entrypoint -- true` against `node -e 0` on the same Node binary, as
// paired runs inside a sandbox (private passwd/group, UID 10000 or 65534), for each scenario and
// each supported Node (22, 24, 26), with the addon (native/) and without it (process.execve and
// node:net then). Prints medians, ratios, peak RSS, and what is left after exec;
// and, timed in the same rounds, the floor (bench/floor.cjs: only starting `true`, as that Node and
// install must) and "own", uid-entrypoint's part beyond it (entrypoint minus floor, round by round).
// Each row runs on CPUs of equal speed where it can, and says whether it did (sandbox.mjs, cpuSpins).
// Needs root (mount namespaces), as the tests do. Usage: node bench/startup.mjs [runs]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BALANCED,
  cpuCheck,
  here,
  inSandbox,
  installCli,
  makeRoot,
  NODE_LINES,
  runPairs,
  SCENARIOS,
} from './sandbox.mjs';
import { formatInterval, median, medianInterval, pad, perRound } from './stats.mjs';

const runs = Number(process.argv[2] ?? 30);
const root = makeRoot();
const ADDON = `dist/native-${process.platform}-${process.arch}.node`;

/**
 * An install under root/name, with bench/floor.cjs next to its bin/ (it takes the addon from there
 * too); without the addon when `addon` is false.
 */
const install = (name, addon) => {
  const cli = installCli(root, here, name);
  if (!addon) rmSync(join(root, name, ADDON));
  copyFileSync(join(here, 'bench/floor.cjs'), join(root, name, 'floor.cjs'));
  return { cli, floor: join(root, name, 'floor.cjs') };
};
const withAddon = install('cli', true);
const withoutAddon = install('plain', false);

// Node 24, the project's own and the current LTS, first: its rows are the ones the regression check compares.
const NODES = ['24', ...NODE_LINES.filter((line) => line !== '24')].flatMap((line) => [
  { label: `Node ${line}, addon`, bin: join(root, `node${line}`), ...withAddon },
  { label: `Node ${line}, no addon`, bin: join(root, `node${line}`), ...withoutAddon },
]);

/** Peak RSS (KB) of one `uid-entrypoint -- true`, through GNU time (maxrss survives execve). */
const peakRss = (s, { bin, cli }) => {
  const argv = inSandbox(root, s, ['/usr/bin/time', '-f', '%M', bin, cli, '--log-level', 'silent', '--', 'true']);
  const { stderr } = spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: '/',
  });
  return Number(stderr.trim().split('\n').pop());
};

/** What the entrypoint's PID is running 300 ms after start: `sleep` once execve replaced Node. */
const afterExec = ({ bin, cli }) =>
  new Promise((resolve) => {
    const child = spawn(bin, [cli, '--log-level', 'silent', '--', 'sleep', '1'], { stdio: 'ignore' });
    setTimeout(() => {
      const comm = readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim();
      child.on('exit', () => resolve(comm));
    }, 300);
  });

const rows = [];
// A failed run must not leave its copies and 6 MB passwd files behind in /var/tmp.
try {
  // As an image build does (npm's postinstall): the code cache for each Node, where that Node can use one.
  for (const { bin, cli } of NODES)
    process.stderr.write(execFileSync(bin, [join(cli, '../write-code-cache.cjs')], { encoding: 'utf8' }));
  for (const node of NODES) {
    const version = execFileSync(node.bin, ['--version'], { encoding: 'utf8' }).trim();
    for (const s of SCENARIOS) {
      // The floor runs in the same rounds as the entrypoint, so both meet the same moments of noise.
      const out = runPairs(root, s, node.bin, runs, [node.cli, node.floor]);
      const [entry, least] = out.entries;
      const ratios = perRound(entry, out.base);
      // Our own part, round by round: what the entrypoint took beyond the floor, over node -e 0.
      const own = out.base.map((b, i) => (entry[i] - least[i]) / b);
      rows.push({
        node: `${node.label} ${version}`,
        scenario: s.label,
        base: median(out.base),
        entry: median(entry),
        ratio: median(ratios),
        interval: medianInterval(ratios),
        floor: median(perRound(least, out.base)),
        own: median(own),
        ownInterval: medianInterval(own),
        rss: peakRss(s, node),
        shell: median(out.shell),
        cpus: cpuCheck(out.cpus),
      });
    }
    rows.push({ node: `${node.label} ${version}`, after: await afterExec(node) });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

console.log(
  `paired runs: ${runs} per row; medians in ms; ratio = median of per-pair (entrypoint / node -e 0), with its 95% bootstrap interval;\nfloor = the same for bench/floor.cjs (only starts \`true\`, as this Node and install must), in the same rounds;\nown = median of per-round (entrypoint - floor) / node -e 0, with its 95% interval: uid-entrypoint's own part;\nCPUs = whether this VM's CPUs ran the same loop at the same speed (within ${BALANCED}x) before and after the row; a row on unequal CPUs runs pinned to the fastest, and an UNEQUAL row's ratios are not to be trusted\n`,
);
console.log(
  `${pad('node', 36)}${pad('scenario', 40)}${pad('node -e 0', 11)}${pad('entrypoint', 12)}${pad('ratio', 8)}${pad('95% interval', 14)}${pad('floor', 8)}${pad('own (95% interval)', 21)}${pad('peak RSS', 10)}${pad('shell script', 14)}CPUs`,
);
for (const r of rows) {
  if (r.after) {
    console.log(
      `${pad(r.node, 36)}after exec, the entrypoint's PID runs: ${r.after}${r.after === 'sleep' ? ' (no Node process left)' : ' (NOT replaced)'}`,
    );
    continue;
  }
  console.log(
    `${pad(r.node, 36)}${pad(r.scenario, 40)}${pad(r.base.toFixed(1), 11)}${pad(r.entry.toFixed(1), 12)}${pad(`${r.ratio.toFixed(3)}x`, 8)}${pad(formatInterval(r.interval), 14)}${pad(`${r.floor.toFixed(3)}x`, 8)}${pad(`${r.own.toFixed(3)} (${formatInterval(r.ownInterval)})`, 21)}${pad(`${(r.rss / 1024).toFixed(1)} MB`, 10)}${pad(`${r.shell.toFixed(1)} ms`, 14)}${r.cpus}`,
  );
}
