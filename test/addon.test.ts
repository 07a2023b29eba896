// The addon as built into dist/ (native/, src/addon.ts) and loaded by the launcher; its execve
// called where execve(2) must fail, so the test process is never replaced (the successful exec is
// the integration tests'). Its file system calls are files.test.ts's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonExecve, asNative, errnoError } from '../src/addon.js';
import { builtAddon, DIST, launcher } from './helpers/launcher.js';

describe('the addon', () => {
  it('is built for this machine by npm run build, and has every call', () => {
    expect(launcher.addonFile(DIST)).toBe(join(DIST, `native-${process.platform}-${process.arch}.node`));
    expect(asNative(launcher.loadAddon(DIST))).toBeDefined();
  });

  describe('where there is none, or not this one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'addon-'));
    afterAll(() => rmSync(empty, { recursive: true, force: true }));

    it('loads nothing, so the start uses node:fs, and process.execve or a spawn', () => {
      expect(launcher.loadAddon(empty)).toBeUndefined();
      expect(launcher.loadAddon(join(DIST, 'missing'))).toBeUndefined();
    });

    it('loads nothing from a file that does not load (another architecture, a broken copy)', () => {
      writeFileSync(launcher.addonFile(empty), 'not an ELF file\n');
      expect(launcher.loadAddon(empty)).toBeUndefined();
    });

    it.each([
      ['no exports', undefined],
      ['exports that are not an object', 42],
      ['an addon of another build, a call missing', { ...builtAddon(), copyNew: undefined }],
      ['a call that is not a function', { ...builtAddon(), stat: 'stat' }],
    ])('is not used at all given %s', (_label, exports) => {
      expect(asNative(exports)).toBeUndefined();
    });
  });
});

describe('addonExecve', () => {
  const execve = addonExecve(builtAddon());
  const thrown = (file: string, args: string[], env: Record<string, string> = {}): unknown => {
    try {
      execve(file, args, env);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('throws the errno error Node would for a file that is not there', () => {
    expect(thrown('/nonexistent/uid-entrypoint-app', ['app'])).toMatchObject({ code: 'ENOENT', syscall: 'execve', path: '/nonexistent/uid-entrypoint-app' });
  });

  it('refuses a NUL in the file, an argument or the environment (EINVAL) rather than exec a shorter string', () => {
    expect(thrown('/bin/true\0x', ['true'])).toMatchObject({ code: 'EINVAL' });
    expect(thrown('/bin/true', ['true', 'a\0b'])).toMatchObject({ code: 'EINVAL' });
    expect(thrown('/bin/true', ['true'], { A: 'b\0c' })).toMatchObject({ code: 'EINVAL' });
  });
});

describe('errnoError', () => {
  it("names an errno as Node's own errors do", () => {
    expect(errnoError(2, 'execve', '/x')).toMatchObject({ code: 'ENOENT', errno: 2, syscall: 'execve', path: '/x', message: 'execve /x: ENOENT' });
    expect(errnoError(8, 'execve', '/x').code).toBe('ENOEXEC');
    expect(errnoError(99999, 'close')).toMatchObject({ code: 'errno 99999', message: 'close: errno 99999' });
    expect(errnoError(9, 'close')).not.toHaveProperty('path');
  });
});
