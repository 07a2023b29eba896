// What a container start loads: nothing it does not use (DESIGN.md, "Performance budget"). Each
// module below costs a start 0.4-7 ms when loaded (bench/README.md); the lazy modules of dist/ hold
// commander, zod and execa. Counted up to execve, which a preloaded script replaces with a report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonName } from '../../src/addon.js';
import { cliPath, makeEtc, nodes, sandbox } from '../helpers/sandbox.js';

const REPORT = `const fs = require('node:fs');
const thrown = [];
// Plain properties only: some of fs's getters load modules (fs.promises, the streams).
for (const [name, { value: f }] of Object.entries(Object.getOwnPropertyDescriptors(fs))) {
  if (!name.endsWith('Sync') || typeof f !== 'function') continue;
  fs[name] = function (...args) {
    try {
      return f.apply(this, args);
    } catch (error) {
      thrown.push(name + ' ' + args[0] + ': ' + error.code);
      throw error;
    }
  };
}
const report = () => {
  const builtins = [...process.moduleLoadList];
  const loaded = Object.keys(require('node:module')._cache).map((file) => require('node:path').basename(file));
  fs.writeSync(1, JSON.stringify({ builtins, loaded, thrown, addon: typeof via === 'string' ? via : 'none' }));
  process.reallyExit(0);
};
let via;
process.execve = report;
// The execve addon (src/addon.ts), where it loads: its execve reports too.
const dlopen = process.dlopen;
process.dlopen = function (module, file, ...rest) {
  dlopen.call(this, module, file, ...rest);
  via = require('node:path').basename(file);
  module.exports.execve = report;
};
`;

/** Built-in modules the fix does not need: the launcher, the user lookup, the lock and the exec go around them. */
const UNUSED = [
  'module',
  'os',
  'net',
  'child_process',
  'stream',
  'internal/streams/readable',
  'worker_threads',
  'internal/worker',
  'tty',
];

describe.each(nodes())('a start that fixes the identity ($label)', ({ bin, cli }) => {
  it.each([
    ['passwd', 0o664],
    ['nss-wrapper', 0o644],
  ])(
    'in %s mode loads no built-in module it does not use, and no lazy module (zod included)',
    async (mode, fileMode) => {
      const etc = makeEtc(fileMode);
      const preload = join(etc.dir, 'report.cjs');
      writeFileSync(preload, REPORT);
      // Values as images set them (ENV HOME, a UID_ENTRYPOINT_* variable): plainly valid, so zod (rules.cjs) stays unloaded.
      const result = await sandbox({
        etc,
        env: { HOME: '/tmp', UID_ENTRYPOINT_MODE: mode },
        argv: [bin, '--require', preload, cli, '--', 'true'],
      });
      expect(result.stderr).toContain(mode === 'passwd' ? 'added to /etc/passwd' : 'nss_wrapper files in');
      const { builtins, loaded, thrown, addon } = JSON.parse(result.stdout) as {
        builtins: string[];
        loaded: string[];
        thrown: string[];
        addon: string;
      };
      // Replaced through the addon exactly where the install has one.
      expect(addon).toBe(cli === cliPath() ? addonName() : 'none');
      expect(builtins.filter((m) => UNUSED.includes(m.replace(/^NativeModule /, '')))).toEqual([]);
      // cli.cjs is in the list only when it was not run from a code cache (vm.Script leaves no entry).
      expect(loaded.filter((file) => !['uid-entrypoint.cjs', 'cli.cjs', 'report.cjs'].includes(file))).toEqual([]);
      // The first exception of a process costs 0.15-0.25 ms: a missing file or a refused write is an
      // answer, not a throw. Node 20 runs here without a code cache (global-setup.ts), and the
      // launcher's look for one is a throw; that start compiles the bundle (5 ms) anyway.
      expect(thrown.filter((t) => !/^(open|readFile)Sync \S+\/dist\/cli-v20\.[^/]+\.cache: ENOENT$/.test(t))).toEqual(
        [],
      );
    },
  );
});

// On a Node without process.execve the entrypoint stays, COMMAND runs as its child (child.ts), and
// what it loaded is reported when it exits.
const AT_EXIT = `process.on('exit', () => require('node:fs').writeSync(1, JSON.stringify([...process.moduleLoadList])));`;

describe.each(nodes().filter((node) => !node.execve))('the spawn path ($label)', ({ bin, cli }) => {
  it('starts COMMAND without loading node:child_process or the streams', async () => {
    const etc = makeEtc(0o644);
    const preload = join(etc.dir, 'at-exit.cjs');
    writeFileSync(preload, AT_EXIT);
    const result = await sandbox({
      etc,
      env: { HOME: '/tmp' },
      argv: [bin, '--require', preload, cli, '--', 'sh', '-c', 'whoami >&2'],
    });
    expect(result.stderr).toMatch(/\ndefault$/);
    const builtins = (JSON.parse(result.stdout) as string[]).map((m) => m.replace(/^NativeModule /, ''));
    expect(builtins).toContain('internal/process/per_thread');
    expect(builtins.filter((m) => UNUSED.includes(m))).toEqual([]);
  });
});
