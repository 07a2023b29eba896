import { describe, expect, it } from 'vitest';
import { fastParse } from '../src/argv.js';
import { parseArgs } from '../src/program.js';

const io = { stdout: () => undefined, stderr: () => undefined };

describe('fastParse', () => {
  it.each([
    [['--', 'whoami']],
    [['whoami', '--name', 'x']],
    [['--name', 'app', '--strict', '--', 'sh', '-c', 'exit 3']],
    [['--name=app', '--log-level=debug', 'id']],
    [['--mode', 'nss-wrapper', '--kill-group', '--dry-run', '--', 'try']],
    [['--home', '/srv', '--shell', '/bin/bash', '--gecos', 'A B', '--displace', '', 'x']],
    [['-', 'x']],
    [[]],
  ])('agrees with commander on %j', (argv) => {
    const fast = fastParse(argv);
    expect(fast).toBeDefined();
    expect({ kind: 'run', ...fast }).toEqual(parseArgs(argv, '0', io));
  });

  it.each([
    [['--help']],
    [['-h']],
    [['--version']],
    [['--bogus', 'id']],
    [['--name']],
    [['--name', '-x', 'id']],
    [['--strict=yes', 'id']],
    [['doctor']],
    [['try', 'id']],
  ])('leaves %j to commander', (argv) => {
    expect(fastParse(argv)).toBeUndefined();
  });
});
