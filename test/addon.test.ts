// The execve addon as built into dist/ (native/execve.c, src/addon.ts), called where execve(2)
// must fail, so the test process is never replaced. The successful exec is the integration tests'.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonExecve, addonName, errnoError } from '../src/addon.js';

const dist = join(import.meta.dirname, '..', 'dist');

describe('addonExecve', () => {
  it('is built for this machine by npm run build (native/execve.c)', () => {
    expect(existsSync(join(dist, addonName()))).toBe(true);
  });

  const execve = addonExecve(dist);
  const thrown = (file: string, args: string[], env: Record<string, string> = {}): unknown => {
    try {
      execve?.(file, args, env);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('throws the errno error Node would for a file that is not there', () => {
    expect(execve).toBeTypeOf('function');
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

  describe('where there is no addon', () => {
    const empty = mkdtempSync(join(tmpdir(), 'addon-'));
    afterAll(() => rmSync(empty, { recursive: true, force: true }));

    it('is undefined, so the caller falls back to process.execve or a spawn', () => {
      expect(addonExecve(empty)).toBeUndefined();
      expect(addonExecve(undefined)).toBeUndefined();
      expect(addonExecve(join(dist, 'missing'))).toBeUndefined();
    });

    it('is undefined when the file there does not load (another architecture, a broken copy)', () => {
      writeFileSync(join(empty, addonName()), 'not an ELF file\n');
      expect(addonExecve(empty)).toBeUndefined();
    });
  });
});

describe('errnoError', () => {
  it("names an errno as Node's own errors do", () => {
    expect(errnoError(2, '/x')).toMatchObject({ code: 'ENOENT', errno: 2, message: 'execve /x: ENOENT' });
    expect(errnoError(8, '/x').code).toBe('ENOEXEC');
    expect(errnoError(99999, '/x').code).toBe('errno 99999');
  });
});
