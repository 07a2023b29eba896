// The spawn path (Node without process.execve): COMMAND started as a child through process_wrap's
// handle or node:child_process, on the machine's Node 20 (vitest itself runs on Node 24, which
// takes neither): its argv and environment as given, its exit code or signal, the errors of a
// start that fails, and the signals the entrypoint receives.
import { build } from 'esbuild';
import { execa } from 'execa';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { processWrap } from '../src/child.js';
import type { Invocation } from '../src/invocation.js';
import { nodes, scratchDir } from './helpers/sandbox.js';

const node20 = nodes().find((node) => !node.execve)!.bin;
const scratch = (): string => scratchDir('child');
const sh = (script: string, argv0 = 'sh'): Invocation => ({
  file: '/bin/sh',
  argv: [argv0, '-c', script],
  tini: false,
});

let driver: string;
beforeAll(async () => {
  driver = join(scratch(), 'driver.cjs');
  await build({
    entryPoints: ['test/helpers/child-driver.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: driver,
    logLevel: 'warning',
  });
});

interface Result {
  outcome?: unknown;
  listeners?: number;
  error?: { code: unknown; message: string };
}
const drive = (
  kind: string,
  request: { inv: Invocation; env: Record<string, string>; forward?: boolean },
  options: { detached?: boolean } = {},
) => execa(node20, [driver, kind, JSON.stringify(request)], { reject: false, ...options });
const parse = (stdout: string): Result => JSON.parse(stdout) as Result;

describe('processWrap', () => {
  it("gives the handle on the machine's Node 20, which lacks process.execve", async () => {
    const { stdout } = await drive('process_wrap', { inv: sh('exit 0'), env: {} });
    expect(parse(stdout)).toEqual({ outcome: { code: 0 }, listeners: 0 });
  });

  it.each(['22.15.0', '23.11.0', '24.21.0', '25.0.0'])(
    'gives none to Node %s, which has process.execve (Node 24 aborts on the options this file passes)',
    (version) => {
      expect(processWrap(version)).toBeUndefined();
    },
  );
});

describe.each(['process_wrap', 'node:child_process'])('the spawn path through %s', (kind) => {
  it('passes argv (argv[0] included) and exactly the environment given', async () => {
    const dir = scratch();
    const script = `tr '\\0' ' ' < /proc/$$/cmdline > ${dir}/argv; env > ${dir}/env`;
    const { stdout } = await drive(kind, {
      inv: sh(script, 'custom-name'),
      env: { ONLY: 'this', PATH: '/usr/bin:/bin' },
    });
    expect(parse(stdout).outcome).toEqual({ code: 0 });
    expect(readFileSync(join(dir, 'argv'), 'utf8')).toBe(`custom-name -c ${script} `);
    const seen = readFileSync(join(dir, 'env'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !/^(PWD|SHLVL|_)=/.test(line));
    expect(seen.sort()).toEqual(['ONLY=this', 'PATH=/usr/bin:/bin']);
  });

  it("reports COMMAND's exit code, and the signal that killed it", async () => {
    expect(parse((await drive(kind, { inv: sh('exit 42'), env: {} })).stdout).outcome).toEqual({ code: 42 });
    expect(parse((await drive(kind, { inv: sh('kill -TERM $$'), env: {} })).stdout).outcome).toEqual({
      signal: 'SIGTERM',
    });
  });

  it('127 for a file gone since it was found, 126 for one execve refuses', async () => {
    const gone = await drive(kind, { inv: { file: '/no/such/file', argv: ['x'], tini: false }, env: {} });
    expect(parse(gone.stdout).error).toEqual({
      code: 127,
      message: 'cannot run /no/such/file: ENOENT (or the working directory is gone)',
    });
    const script = join(scratch(), 'script');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    // No execute bit at all: execve refuses it even to root.
    chmodSync(script, 0o644);
    const refused = await drive(kind, { inv: { file: script, argv: ['script'], tini: false }, env: {} });
    expect(parse(refused.stdout).error).toEqual({ code: 126, message: `cannot run ${script}: EACCES` });
  });

  // Detached: a session of its own, without a terminal, so SIGINT comes from `kill` alone and is
  // forwarded (test/integration/terminal.test.ts has the terminal's Ctrl-C).
  it.each(['SIGUSR2', 'SIGINT'] as const)(
    'forwards %s the entrypoint receives to COMMAND, returns how COMMAND ended, and stops listening',
    async (signal) => {
      const dir = scratch();
      const name = signal.slice(3);
      // It gives up after about 10 s, so a signal that never comes fails the test rather than leaving it running.
      const app = `trap 'echo got ${name} > ${dir}/got; exit 7' ${name}; touch ${dir}/ready; i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done; exit 1`;
      const running = drive(kind, { inv: sh(app), env: {}, forward: true }, { detached: true });
      for (let i = 0; i < 400 && !existsSync(join(dir, 'ready')); i += 1)
        await new Promise((resolve) => setTimeout(resolve, 25));
      running.kill(signal);
      const { stdout } = await running;
      expect(parse(stdout)).toEqual({ outcome: { code: 7 }, listeners: 0 });
      expect(readFileSync(join(dir, 'got'), 'utf8')).toBe(`got ${name}\n`);
    },
  );
});
