// What a container start loads: nothing it does not use. Seen through public APIs only, from a
// preloaded script: the built-in modules our code asks for (the bundle and the launcher take them
// from process.getBuiltinModule), the files in require.cache (the lazy modules of dist/ hold
// commander, zod and execa), the exceptions fs throws, and the execve that ends the start, which
// the script replaces with its report (process.execve, and the addon's through process.dlopen).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonName } from '../../src/addon.js';
import { makeEtc, nodes, sandbox } from '../helpers/sandbox.js';

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
const asked = new Set();
const getBuiltinModule = process.getBuiltinModule;
process.getBuiltinModule = function (id) {
  asked.add(id.replace(/^node:/, ''));
  return getBuiltinModule.call(this, id);
};
let via = 'process.execve';
const report = () => {
  const loaded = Object.keys(require.cache).map((file) => require('node:path').basename(file));
  fs.writeSync(1, JSON.stringify({ asked: [...asked].sort(), loaded, thrown, via }));
  process.exit(0);
};
process.execve = report;
const dlopen = process.dlopen;
process.dlopen = function (module, file, ...rest) {
  dlopen.call(this, module, file, ...rest);
  via = require('node:path').basename(file);
  module.exports.execve = report;
};
`;

/**
 * The built-in modules a fixing start may ask for: the files, paths, V8's code cache (vm) and the
 * user lookup (os). Not node:net and its stream internals (where there is an addon, the lock binds
 * through it), child_process, worker_threads, module or util.
 */
const USED = ['fs', 'os', 'path', 'vm'];

describe.each(nodes())('a start that fixes the identity ($label)', ({ bin, cli, via }) => {
  it.each([
    ['passwd', 0o664],
    ['nss-wrapper', 0o644],
  ])(
    'in %s mode asks for no built-in module it does not use, and loads no lazy module (zod included)',
    async (mode, fileMode) => {
      const etc = makeEtc(fileMode);
      const preload = join(etc.dir, 'report.cjs');
      writeFileSync(preload, REPORT);
      // Values as images set them (ENV HOME, a UID_ENTRYPOINT_* variable): plainly valid, so zod
      // (rules.cjs) stays unloaded.
      const result = await sandbox({
        etc,
        env: { HOME: '/tmp/app', UID_ENTRYPOINT_MODE: mode },
        argv: [bin, '--require', preload, cli, '--', 'true'],
      });
      expect(result.stderr).toContain(mode === 'passwd' ? 'added to /etc/passwd' : 'nss_wrapper files in');
      const report = JSON.parse(result.stdout) as { asked: string[]; loaded: string[]; thrown: string[]; via: string };
      // Replaced through the addon exactly where the install has one.
      expect(report.via).toBe(via === 'the addon' ? addonName() : 'process.execve');
      // Without the addon, passwd mode's lock binds through node:net, the public way.
      const used = via === 'process.execve' && mode === 'passwd' ? [...USED, 'net'] : USED;
      expect(report.asked.filter((m) => !used.includes(m))).toEqual([]);
      // cli.cjs is in the list only when it was not run from a code cache (vm.Script leaves no entry).
      expect(report.loaded.filter((file) => !['uid-entrypoint.cjs', 'cli.cjs', 'report.cjs'].includes(file))).toEqual(
        [],
      );
      // A missing file or a refused write is an answer, not an exception.
      expect(report.thrown).toEqual([]);
    },
  );
});
