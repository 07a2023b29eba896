// The floor: the least any Node entrypoint does before COMMAND runs, timed by the bench as if it
// were a CLI (`node floor.cjs -- true`). It execs /bin/true the way this install can, as the
// entrypoint does, and nothing else: no bundle to load, no lookup, no fix. With the addon in ./dist
// (bench/startup.mjs puts this file next to an install's bin/ and dist/), through it (src/addon.ts);
// else through process.execve, its experimental warning dropped as src/warnings.ts drops it. A
// row's ratio minus the floor's is what uid-entrypoint adds.
'use strict';

const FILE = '/bin/true';
const ADDON = `${__dirname}/dist/native-${process.platform}-${process.arch}.node`;

const addon = { exports: {} };
if (require('node:fs').existsSync(ADDON)) {
  process.dlopen(addon, ADDON);
  const env = Object.entries(process.env).map(([key, value]) => `${key}=${value}`);
  const errno = addon.exports.execve(FILE, ['true'], env);
  throw new Error(`execve ${FILE}: errno ${errno}`);
}
process.emitWarning = () => {};
process.execve(FILE, ['true'], process.env);
