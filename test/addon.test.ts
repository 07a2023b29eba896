// The addon as built into dist/ (native/*.c, src/addon.ts): its execve called where execve(2) must
// fail, so the test process is never replaced (the successful exec is the integration tests'), and
// its lock socket. lock.test.ts holds the lock itself to node:net's.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonName, errnoError, loadAddon } from '../src/addon.js';
import { execveOf } from '../src/exec.js';

const dist = join(import.meta.dirname, '..', 'dist');

describe('loadAddon', () => {
  it('finds the addon npm run build compiled for this machine', () => {
    expect(existsSync(join(dist, addonName()))).toBe(true);
    expect(loadAddon(dist)).toMatchObject({
      execve: expect.any(Function),
      bindLock: expect.any(Function),
      releaseLock: expect.any(Function),
    });
  });

  describe('where there is no addon', () => {
    const empty = mkdtempSync(join(tmpdir(), 'addon-'));
    afterAll(() => rmSync(empty, { recursive: true, force: true }));

    it('is undefined, so the public APIs stand in', () => {
      expect(loadAddon(empty)).toBeUndefined();
      expect(loadAddon(undefined)).toBeUndefined();
      expect(loadAddon(join(dist, 'missing'))).toBeUndefined();
    });

    it('is undefined when the file there does not load (another architecture, a broken copy)', () => {
      const broken = mkdtempSync(join(empty, 'broken-'));
      writeFileSync(join(broken, addonName()), 'not an ELF file\n');
      expect(loadAddon(broken)).toBeUndefined();
    });
  });
});

describe("the addon's execve", () => {
  const replacer = execveOf(process, loadAddon(dist));
  const thrown = (file: string, args: string[], env: Record<string, string> = {}): unknown => {
    try {
      replacer.execve(file, args, env);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('is the one a start uses here', () => {
    expect(replacer.via).toBe('the addon');
  });

  it('throws the errno error Node would for a file that is not there', () => {
    expect(thrown('/nonexistent/uid-entrypoint-app', ['app'])).toMatchObject({
      code: 'ENOENT',
      syscall: 'execve',
      path: '/nonexistent/uid-entrypoint-app',
    });
  });

  it('refuses a NUL in the file, an argument or the environment (EINVAL) rather than exec a shorter string', () => {
    expect(thrown('/bin/true\0x', ['true'])).toMatchObject({ code: 'EINVAL' });
    expect(thrown('/bin/true', ['true', 'a\0b'])).toMatchObject({ code: 'EINVAL' });
    expect(thrown('/bin/true', ['true'], { A: 'b\0c' })).toMatchObject({ code: 'EINVAL' });
  });
});

describe("the addon's lock socket", () => {
  it('refuses a name with a NUL or one too long for an address, with the errno', () => {
    const addon = loadAddon(dist);
    expect(addon?.bindLock('a\0b')).toBe(-22);
    expect(addon?.bindLock('x'.repeat(200))).toBe(-36);
  });
});

describe('errnoError', () => {
  it("names an errno as Node's own errors do", () => {
    expect(errnoError(2, 'execve', '/x')).toMatchObject({ code: 'ENOENT', errno: 2, message: 'execve /x: ENOENT' });
    expect(errnoError(8, 'execve', '/x').code).toBe('ENOEXEC');
    expect(errnoError(99999, 'execve', '/x').code).toBe('errno 99999');
  });
});
