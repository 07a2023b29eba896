// replaceProcess when execve(2) fails: the addon and Nodes after 24 throw an errno error, which
// must come out as a start that failed, not a crash (Node 22.15-24's process.execve aborts instead:
// resolve.ts checks what it can first). And which execve a start takes.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitError } from '../src/errors.js';
import { ENV_PATH, envCanBlock, execveOf, type Replacer, replaceProcess } from '../src/exec.js';
import type { Invocation } from '../src/invocation.js';

const inv: Invocation = { file: '/srv/app', argv: ['app'], tini: false };
const failing = (error: Error & { code?: string }): Replacer => ({
  via: 'the addon',
  spawns: true,
  execve: () => {
    throw error;
  },
});
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

describe('execveOf', () => {
  const addon = {
    execve: () => 0,
    bindLock: () => -1,
    releaseLock: () => 0,
    lookupUser: () => null,
    lookupGroup: () => null,
    plainPasswd: () => false,
  };
  it('takes the addon where there is one, else process.execve', () => {
    expect(execveOf(process, addon)).toMatchObject({ via: 'the addon', spawns: true });
    expect(execveOf(process, undefined)).toMatchObject({ via: 'process.execve', spawns: true });
  });

  it("takes process.execve under Node's permission model without --allow-child-process: the addon would go round it", () => {
    const denied = { ...process, permission: { has: () => false } } as unknown as NodeJS.Process;
    expect(execveOf(denied, addon)).toMatchObject({ via: 'process.execve', spawns: false });
    expect(execveOf(denied, undefined)).toMatchObject({ via: 'process.execve', spawns: false });
  });

  it('reports the permission model refusing the exec as exit 126, not a bug', () => {
    const refused = Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' });
    expect(() => replaceProcess(failing(refused), inv, {})).toThrow(
      'cannot run /srv/app: Node runs with --permission and without --allow-child-process',
    );
  });
});

describe("envCanBlock: the env that gives COMMAND the caller's mask without the addon", () => {
  it("GNU env (this machine's /usr/bin/env) blocks signals, real-time ones included", () => {
    expect(envCanBlock(ENV_PATH, [12])).toBe(true);
    expect(envCanBlock(ENV_PATH, [10, 39])).toBe(true);
  });

  it("an env without --block-signal (busybox's answers 'unrecognized option'), or none, cannot", () => {
    const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-env-'));
    const busybox = join(dir, 'env');
    writeFileSync(busybox, '#!/bin/sh\necho "env: unrecognized option: $1" >&2\nexit 1\n');
    chmodSync(busybox, 0o755);
    expect(envCanBlock(busybox, [12])).toBe(false);
    expect(envCanBlock(join(dir, 'missing'), [12])).toBe(false);
  });
});
