// Compares two builds of the CLI on one Node, the only way this VM shows a change under 2%: in each
// scenario's sandbox, every round runs `node -e 0`, then both builds (in turn order), so both
// meet the same moments of noise. Prints each build's median ratio to `node -e 0` and the median
// of the per-round ratio between them, with its 95% bootstrap interval.
// Usage (root): node bench/compare.mjs OTHER [runs] [filter] [22|24|26], OTHER being a directory
// with another build's bin/ and dist/ (e.g. a `git worktree` of an older commit after `npm run
// build`), filter a part of the scenario labels to run (e.g. 'fix: '), and the Node line (default
// 24, the project's own).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpuCheck, here, installCli, makeRoot, NODE_LINES, runPairs, SCENARIOS } from './sandbox.mjs';
import { formatInterval, median, medianInterval, pad, perRound } from './stats.mjs';

const other = process.argv[2];
const runs = Number(process.argv[3] ?? 60);
const only = process.argv[4] ?? '';
const major = process.argv[5] ?? '24';
if (
  !other ||
  !existsSync(join(other, 'dist/cli.cjs')) ||
  !existsSync(join(other, 'bin/uid-entrypoint.cjs')) ||
  !NODE_LINES.includes(major)
) {
  console.error(
    'usage: node bench/compare.mjs OTHER [runs] [filter] [22|24|26]: OTHER must hold a build (bin/uid-entrypoint.cjs, dist/cli.cjs)',
  );
  process.exit(64);
}

const root = makeRoot();
const node = join(root, `node${major}`);
try {
  const clis = [installCli(root, resolve(other), 'other'), installCli(root, here, 'this')];
  for (const cli of clis)
    process.stderr.write(execFileSync(node, [join(cli, '../write-code-cache.cjs')], { encoding: 'utf8' }));
  console.log(
    `rounds: ${runs} per row; Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}; ratios are medians of per-round ratios\n`,
  );
  console.log(
    `${pad('scenario', 40)}${pad('other/node -e 0', 17)}${pad('this/node -e 0', 16)}${pad('this/other', 12)}${pad('95% interval', 14)}CPUs`,
  );
  for (const s of SCENARIOS.filter((x) => x.label.includes(only))) {
    const { base, entries, cpus } = runPairs(root, s, node, runs, clis);
    const [old, now] = entries;
    const change = perRound(now, old);
    console.log(
      `${pad(s.label, 40)}${pad(`${median(perRound(old, base)).toFixed(3)}x`, 17)}${pad(`${median(perRound(now, base)).toFixed(3)}x`, 16)}${pad(`${median(change).toFixed(3)}x`, 12)}${pad(formatInterval(medianInterval(change)), 14)}${cpuCheck(cpus)}`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
