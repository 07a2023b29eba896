// The code cache (bin/write-code-cache.cjs, bin/uid-entrypoint.cjs): made at install, taken by the
// Node that made it, and never the reason a start runs other code than dist/cli.cjs or fails.
import { execa } from 'execa';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, makeEtc, nodeBin, sandbox, scratchDir } from '../helpers/sandbox.js';

const node24 = { bin: nodeBin('24') };
const node22 = { bin: nodeBin('22') };
const installed = join(cliPath(), '../..');
const VERSION = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version as string;

/** A private copy of the installed package (bin/ and dist/, without caches), to change freely. */
function copyPackage(): string {
  const dir = scratchDir('pkg');
  chmodSync(dir, 0o755);
  cpSync(join(installed, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(installed, 'dist'), join(dir, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.cache'),
  });
  return dir;
}

const status = async (bin: string, pkg: string): Promise<string> =>
  (
    await execa(bin, [
      '-e',
      `process.stdout.write(require(${JSON.stringify(join(pkg, 'bin/uid-entrypoint.cjs'))}).loadCached().status)`,
    ])
  ).stdout;

/**
 * whoami through the package's launcher as UID 10000, with a read-only passwd (nss-wrapper mode):
 * exit code and output.
 */
const whoamiVia = async (bin: string, pkg: string): Promise<[number | undefined, string]> => {
  const result = await sandbox({
    etc: makeEtc(0o644),
    argv: [bin, join(pkg, 'bin/uid-entrypoint.cjs'), '--', 'whoami'],
  });
  return [result.exitCode, result.stdout];
};

const cacheOf = (pkg: string): string | undefined => readdirSync(join(pkg, 'dist')).find((f) => f.endsWith('.cache'));

describe('code cache', () => {
  it('the installed package has one for Node 24, and Node 24 starts from it: the entry is fixed, nothing warns', async () => {
    expect(await status(node24.bin, installed)).toBe('used');
    const etc = makeEtc(0o664);
    const result = await sandbox({ etc, argv: [node24.bin, cliPath(), '--', 'sh', '-c', 'whoami; echo "HOME=$HOME"'] });
    expect(result.stdout).toBe('default\nHOME=/tmp/uid-entrypoint-home-10000');
    expect(result.stderr).toBe(
      'uid-entrypoint: UID 10000 is now default: added to /etc/passwd; HOME=/tmp/uid-entrypoint-home-10000',
    );
  });

  it.each([
    ['--version (commander, a lazy module)', ['--version'], `${VERSION}\n`],
    ['doctor (a lazy module with execa inside)', ['doctor'], 'Identity'],
    ['--help', ['--help'], 'Usage: uid-entrypoint [options] [--] COMMAND [ARG...]'],
  ])('from the cache, %s loads what it imports, and prints no notice', async (_label, argv, expected) => {
    const result = await execa(node24.bin, [cliPath(), ...argv], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith(expected.trimEnd())).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('a supplied option is checked by the lazily imported rules, from the cache too: exit 64, no notice', async () => {
    const result = await execa(node24.bin, [cliPath(), '--name', 'bad:name', '--', 'true'], { reject: false });
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toBe(
      "uid-entrypoint: invalid --name \"bad:name\": must be a portable login name: 1 to 32 characters of a-z, 0-9, '_' and '-', starting with a letter or '_'",
    );
  });

  it('the writer names the file it wrote, for the Node that ran it', async () => {
    const pkg = copyPackage();
    const { stdout } = await execa(node24.bin, [join(pkg, 'bin/write-code-cache.cjs')]);
    const file = join(
      pkg,
      'dist',
      `cli-v${(await execa(node24.bin, ['--version'])).stdout.slice(1)}-linux-${process.arch}.cache`,
    );
    expect(stdout).toBe(
      `uid-entrypoint: code cache for Node ${(await execa(node24.bin, ['--version'])).stdout} written: ${file}`,
    );
    expect(existsSync(file)).toBe(true);
  });

  it.each(['22', '26'] as const)('Node %s gets one too, and starts from it', async (line) => {
    const bin = nodeBin(line);
    const pkg = copyPackage();
    const { stdout } = await execa(bin, [join(pkg, 'bin/write-code-cache.cjs')]);
    expect(stdout).toMatch(new RegExp(`^uid-entrypoint: code cache for Node v${line}\\.\\d+\\.\\d+ written: `));
    expect(await status(bin, pkg)).toBe('used');
    const help = await execa(bin, [join(pkg, 'bin/uid-entrypoint.cjs'), '--version'], { reject: false });
    expect([help.exitCode, help.stdout, help.stderr]).toEqual([0, VERSION, '']);
    expect(await whoamiVia(bin, pkg)).toEqual([0, 'default']);
  });

  // The version's bytes in cli.cjs replaced by as many others, so V8, which knows the source only by
  // its length, would take the cache: as latin1 text (a character a byte), and as printed.
  const digitUp = VERSION.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
  it.each([
    ['a digit of it changed', digitUp, digitUp],
    // "x." becomes 0xc3 0xa9, which a reader of UTF-8 takes as one character, U+00E9.
    [
      'its last two bytes made one character that is not ASCII',
      `${VERSION.slice(0, -2)}\u00c3\u00a9`,
      `${VERSION.slice(0, -2)}\u00e9`,
    ],
  ])('a cli.cjs changed since the cache was made (%s, same length) runs as changed', async (_label, bytes, printed) => {
    const pkg = copyPackage();
    await execa(node24.bin, [join(pkg, 'bin/write-code-cache.cjs')]);
    const bundle = join(pkg, 'dist/cli.cjs');
    const text = readFileSync(bundle, 'latin1');
    expect(text.split(`"${VERSION}"`)).toHaveLength(2);
    const changed = text.replace(`"${VERSION}"`, `"${bytes}"`);
    expect(Buffer.byteLength(changed, 'latin1')).toBe(Buffer.byteLength(text, 'latin1'));
    writeFileSync(bundle, changed, 'latin1');
    expect(await status(node24.bin, pkg)).toBe('stale');
    const result = await execa(node24.bin, [join(pkg, 'bin/uid-entrypoint.cjs'), '--version']);
    expect(result.stdout).toBe(printed);
  });

  it('a cli.cjs that is not ASCII gets no cache, and starts as usual', async () => {
    const pkg = copyPackage();
    const bundle = join(pkg, 'dist/cli.cjs');
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}// \u00e9\n`);
    const { stdout } = await execa(node24.bin, [join(pkg, 'bin/write-code-cache.cjs')]);
    expect(stdout).toBe(`uid-entrypoint: no code cache: ${bundle} is not ASCII; starts compile as usual`);
    expect(cacheOf(pkg)).toBeUndefined();
    expect(await status(node24.bin, pkg)).toBe('absent');
    expect(await whoamiVia(node24.bin, pkg)).toEqual([0, 'default']);
  });

  it.each([
    ['inside the copy of cli.cjs: stale', (_bundleLength: number) => 100, 'stale'],
    ["inside V8's data: V8 rejects it", (bundleLength: number) => 4 + bundleLength + 1000, 'rejected'],
  ])('a cache file cut short %s, and the start compiles as usual', async (_label, cutAt, expected) => {
    const pkg = copyPackage();
    await execa(node24.bin, [join(pkg, 'bin/write-code-cache.cjs')]);
    truncateSync(join(pkg, 'dist', cacheOf(pkg) ?? ''), cutAt(readFileSync(join(pkg, 'dist/cli.cjs')).length));
    expect(await status(node24.bin, pkg)).toBe(expected);
    expect(await whoamiVia(node24.bin, pkg)).toEqual([0, 'default']);
  });

  it('another Node (Node 22 with the Node 24 cache renamed for it) rejects it, and compiles as usual', async () => {
    const pkg = copyPackage();
    await execa(node24.bin, [join(pkg, 'bin/write-code-cache.cjs')]);
    const v22 = (await execa(node22.bin, ['--version'])).stdout;
    cpSync(join(pkg, 'dist', cacheOf(pkg) ?? ''), join(pkg, 'dist', `cli-${v22}-linux-${process.arch}.cache`));
    expect(await status(node22.bin, pkg)).toBe('rejected');
    const result = await execa(node22.bin, [join(pkg, 'bin/uid-entrypoint.cjs'), '--version']);
    expect(result.stdout).toBe(VERSION);
  });
});
