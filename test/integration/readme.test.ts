// The README's quick start, run as written: each `$` line of its console block through sh, with
// the installed command first on PATH, and what it prints (stderr and stdout in one stream, as a
// terminal shows them) compared line for line with the lines under it.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { nodePathDir } from '../helpers/sandbox.js';

interface Example {
  command: string;
  output: string[];
  exitCode: number;
}

/** The `$` lines of the first console block after "## Quick start", each with the lines it prints. */
function quickStart(readme: string): Example[] {
  const section = readme.slice(readme.indexOf('\n## Quick start\n'));
  const block = /```console\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md: no console block under "## Quick start"');
  const examples: Example[] = [];
  for (const line of block.trimEnd().split('\n')) {
    if (line.startsWith('$ ')) {
      const exitCode = Number(/# exit (\d+)$/.exec(line)?.[1] ?? 0);
      examples.push({ command: line.slice(2), output: [], exitCode });
    } else {
      const example = examples.at(-1);
      if (!example) throw new Error(`README.md: output before the first command: ${line}`);
      example.output.push(line);
    }
  }
  return examples;
}

/** mkdtemp's six random characters, as the README writes them. */
const RANDOM = /(\/uid-entrypoint-)[A-Za-z0-9]{6}(?=[/;\s]|$)/g;

describe('README quick start', () => {
  const examples = quickStart(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8'));

  it('has the try and doctor examples', () => {
    expect(examples.map((e) => e.command.split(' ').slice(0, 2).join(' '))).toEqual([
      'uid-entrypoint try',
      'uid-entrypoint try',
      'uid-entrypoint try',
    ]);
    expect(examples.some((e) => /-- uid-entrypoint doctor\b/.test(e.command))).toBe(true);
    expect(examples.every((e) => e.output.length > 0)).toBe(true);
  });

  it.each(examples.map((e) => [e.command, e] as const))('$ %s', async (_command, example) => {
    const PATH = `${join(inject('installRoot'), 'prefix/bin')}:${nodePathDir('24')}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`;
    const result = await execa('sh', ['-c', `exec 2>&1\n${example.command}`], {
      env: { PATH, HOME: '/root', LANG: 'C.UTF-8' },
      extendEnv: false,
      reject: false,
    });
    const printed = result.stdout.replace(RANDOM, '$1XXXXXX').split('\n');
    expect(printed).toEqual(example.output);
    expect(result.exitCode).toBe(example.exitCode);
  });
});
