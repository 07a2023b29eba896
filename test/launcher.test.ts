// The launcher's sh part (bin/uid-entrypoint.cjs), run by the real /bin/sh with its `exec node`
// replaced by a command that prints the environment it would hand Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LAUNCHER = readFileSync(new URL('../bin/uid-entrypoint.cjs', import.meta.url), 'utf8');
const shLines = LAUNCHER.split('\n').filter((line) => line.startsWith('":" //;'));
const EXEC = '":" //; exec node "$0" "$@"';

/** The names the loop saves, and the names the guard in front of it looks at. */
const loopNames = (/for name in ([A-Z0-9_ ]+); do/.exec(LAUNCHER)?.[1] ?? '').split(' ');
const guardNames = [
  ...(/case ((?:\$\{[A-Z0-9_]+\+1\})+) in/.exec(LAUNCHER)?.[1] ?? '').matchAll(/\$\{([A-Z0-9_]+)\+1\}/g),
].map((m) => m[1]);

const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const prologue = join(dir, 'prologue.sh');
writeFileSync(prologue, `${shLines.filter((line) => line !== EXEC).join('\n')}\nexec env -0\n`);

/** The environment Node would start with, from the prologue run with exactly `env`. */
const handedOn = (env: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    execFileSync('/bin/sh', [prologue], { env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8' })
      .split('\0')
      .filter((line) => line !== '')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('the launcher sh part', () => {
  it('is the shape this test reads: the exec last, a guard and a loop over the same names', () => {
    expect(shLines.at(-1)).toBe(EXEC);
    expect(loopNames).toContain('NODE_OPTIONS');
    expect(loopNames.length).toBeGreaterThan(20);
    expect(guardNames).toEqual(loopNames);
  });

  it.each(loopNames)('saves %s, set alone, under UID_ENTRYPOINT_SAVED_ and takes it from Node', (name) => {
    const value = ' --x "a b" $HOME `id` \\n ';
    const env = handedOn({ [name]: value });
    expect(env[`UID_ENTRYPOINT_SAVED_${name}`]).toBe(value);
    expect(env).not.toHaveProperty(name);
  });

  it('saves a variable set to the empty string (it is set, and Node reads it so)', () => {
    const env = handedOn({ NODE_DEBUG: '', NODE_OPTIONS: '--inspect-brk' });
    expect(env).toMatchObject({
      UID_ENTRYPOINT_SAVED_NODE_DEBUG: '',
      UID_ENTRYPOINT_SAVED_NODE_OPTIONS: '--inspect-brk',
    });
    expect(Object.keys(env).filter((k) => k.startsWith('NODE_'))).toEqual([]);
  });

  it('saves nothing when none is set, and leaves every other variable as it was', () => {
    const env = handedOn({ APP: 'x', IFS: ':' });
    expect(Object.keys(env).filter((k) => k.startsWith('UID_ENTRYPOINT_SAVED_'))).toEqual([]);
    expect(env.APP).toBe('x');
  });

  it("hands on the caller's signal mask, real-time signals included", () => {
    expect(handedOn({}).UID_ENTRYPOINT_SIGMASK).toBe('0000000000000000');
    // Python blocks SIGUSR1 (10) and SIGRTMIN+5 (39) and execs the prologue: bits 9 and 38.
    const blocked = execFileSync(
      'python3',
      [
        '-c',
        'import os, signal; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGRTMIN + 5}); os.execv("/bin/sh", ["sh", os.environ["PROLOGUE"]])',
      ],
      { env: { PATH: '/usr/bin:/bin', PROLOGUE: prologue }, encoding: 'utf8' },
    );
    expect(blocked.split('\0')).toContain('UID_ENTRYPOINT_SIGMASK=0000004000000200');
  });
});
