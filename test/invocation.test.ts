import { describe, expect, it } from 'vitest';
import { blockedSignals, type InvocationInput, planInvocation, throughEnv } from '../src/invocation.js';

const base: InvocationInput = {
  command: 'app',
  args: ['--flag'],
  resolved: '/usr/bin/app',
  init: 'auto',
  tiniPath: '/usr/bin/tini',
  pid1: true,
  killGroup: false,
};

describe('planInvocation', () => {
  it.each([
    ['PID 1: tini replaces Node and is PID 1', {}, ['/usr/bin/tini', ['tini', '--', '/usr/bin/app', '--flag']]],
    ['--kill-group', { killGroup: true }, ['/usr/bin/tini', ['tini', '-g', '--', '/usr/bin/app', '--flag']]],
    ['not PID 1 under auto: COMMAND alone', { pid1: false }, ['/usr/bin/app', ['app', '--flag']]],
    [
      'not PID 1 with --init tini: tini with -s',
      { pid1: false, init: 'tini' },
      ['/usr/bin/tini', ['tini', '-s', '--', '/usr/bin/app', '--flag']],
    ],
    ['--init none', { init: 'none' }, ['/usr/bin/app', ['app', '--flag']]],
    ['no tini found', { tiniPath: undefined }, ['/usr/bin/app', ['app', '--flag']]],
  ] as const)('%s', (_label, over, [file, argv]) => {
    const inv = planInvocation({ ...base, ...over });
    expect(inv.file).toBe(file);
    expect(inv.argv).toEqual(argv);
  });
});

describe('blockedSignals: SigBlk as /proc/PID/status spells it', () => {
  it.each([
    ['0000000000000000', []],
    ['0000000000000800', [12]],
    ['0000004000000200', [10, 39]],
    ['0000000000000001', [1]],
    ['8000000000000000', [64]],
    // 32 and 33 are glibc's own: a mask may show them, no program can block them.
    ['0000000180000000', []],
    ['800', [12]],
  ] as const)('%s blocks %j', (mask, signals) => {
    expect(blockedSignals(mask)).toEqual(signals);
  });

  it.each([undefined, '', 'zz', '0x800', '00000000000008000', '800 ', '-800'])('%j is no mask: none', (mask) => {
    expect(blockedSignals(mask)).toEqual([]);
  });
});

describe('throughEnv', () => {
  it('runs the planned file through env, which blocks the signals; argv after it unchanged', () => {
    const tini = planInvocation(base);
    expect(throughEnv(tini, '/usr/bin/env', [10, 39])).toEqual({
      file: '/usr/bin/env',
      argv: ['env', '--block-signal=10,39', '--', '/usr/bin/tini', '--', '/usr/bin/app', '--flag'],
      tini: true,
    });
    const alone = planInvocation({ ...base, pid1: false });
    expect(throughEnv(alone, '/usr/bin/env', [12]).argv).toEqual([
      'env',
      '--block-signal=12',
      '--',
      '/usr/bin/app',
      '--flag',
    ]);
  });
});
