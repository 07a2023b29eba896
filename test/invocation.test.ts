import { describe, expect, it } from 'vitest';
import { planInvocation, type InvocationInput } from '../src/invocation.js';

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
