// replaceProcess when execve(2) fails: Node 22.15-24 abort (resolve.ts checks what it can first);
// later Nodes throw an errno error, which must come out as a start that failed, not a crash.
import { describe, expect, it } from 'vitest';
import { ExitError } from '../src/errors.js';
import { replaceProcess } from '../src/exec.js';
import type { Invocation } from '../src/invocation.js';

const inv: Invocation = { file: '/srv/app', argv: ['app'], tini: false };
const failing = (error: Error & { code?: string }) => (): never => {
  throw error;
};
const errno = (code: string): Error & { code: string } => Object.assign(new Error(`execve failed: ${code}`), { code });

describe('replaceProcess', () => {
  it.each([
    ['ENOENT', 127, 'cannot run /srv/app: ENOENT (or the working directory is gone)'],
    ['ENOEXEC', 126, 'cannot run /srv/app: ENOEXEC'],
    ['ETXTBSY', 126, 'cannot run /srv/app: ETXTBSY'],
  ])('reports an execve that throws %s as exit %i', (code, exit, message) => {
    let thrown: unknown;
    try {
      replaceProcess(failing(errno(code)), inv, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ExitError);
    expect(thrown).toMatchObject({ code: exit, message });
  });

  it('passes on an error that is not an errno one (a bug, reported as such)', () => {
    const invalid = Object.assign(new TypeError('bad env'), { code: 'ERR_INVALID_ARG_VALUE' });
    expect(() => replaceProcess(failing(invalid), inv, {})).toThrow(invalid);
  });
});
