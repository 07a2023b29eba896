import { describe, expect, it } from 'vitest';
import { ExitError } from '../src/errors.js';
import { parseArgs } from '../src/program.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out, err };
};

const parse = (argv: string[]) => parseArgs(argv, '1.2.3', capture().io);

describe('parseArgs', () => {
  it.each([
    [
      'COMMAND and its args',
      ['--name', 'app', 'whoami', '-a'],
      { kind: 'run', flags: { name: 'app' }, command: ['whoami', '-a'] },
    ],
    [
      'options after COMMAND belong to COMMAND',
      ['ls', '--name', 'x', '--help'],
      { kind: 'run', flags: {}, command: ['ls', '--name', 'x', '--help'] },
    ],
    [
      '-- before COMMAND',
      ['--strict', '--', 'sh', '-c', 'exit 3'],
      { kind: 'run', flags: { strict: true }, command: ['sh', '-c', 'exit 3'] },
    ],
    ['-- try runs a program called try', ['--', 'try'], { kind: 'run', flags: {}, command: ['try'] }],
    [
      'a subcommand only as the first word',
      ['--strict', 'doctor'],
      { kind: 'run', flags: { strict: true }, command: ['doctor'] },
    ],
    ['doctor', ['doctor', '--json'], { kind: 'doctor', json: true }],
    [
      'try with its own and the entrypoint options',
      ['try', '--uid', '5', '--mode', 'env', '--', 'id'],
      { kind: 'try', flags: { uid: '5', mode: 'env' }, command: ['id'] },
    ],
  ])('%s', (_label, argv, expected) => {
    expect(parse(argv)).toEqual(expected);
  });

  it.each([
    ['an unknown option', ['--bogus', 'id'], 64, "error: unknown option '--bogus'"],
    ['a missing option value', ['--name'], 64, "error: option '--name <login>' argument missing"],
    ['--version', ['--version'], 0, ''],
  ])('%s exits %i', (_label, argv, code, message) => {
    const { io, out, err } = capture();
    let caught: unknown;
    try {
      parseArgs(argv, '1.2.3', io);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExitError);
    expect((caught as ExitError).code).toBe(code);
    expect(err.join('')).toContain(message);
    if (argv[0] === '--version') expect(out.join('')).toBe('1.2.3\n');
  });

  it('prints help on stdout', () => {
    const { io, out } = capture();
    expect(() => parseArgs(['doctor', '--help'], '1.2.3', io)).toThrow(ExitError);
    expect(out.join('')).toMatchInlineSnapshot(`
      "Usage: uid-entrypoint doctor [options]

      Diagnose the identity situation of this process; change nothing. Exit 0 when
      healthy, 1 when a problem is found.

      Options:
        --json      print the report as JSON
        -h, --help  show this help
      "
    `);
  });
});
