// The floor: the least any Node entrypoint does before COMMAND runs, timed by the bench as if it
// were a CLI (`node floor.cjs -- true`). It starts /bin/true the way this Node and this install
// can, as the entrypoint does, and nothing else: no bundle to load, no lookup, no fix. With the
// execve addon in ./dist (bench/startup.mjs puts this file next to an install's bin/ and dist/),
// through it (src/addon.ts); else on Node 24, process.execve (its experimental warning dropped, as
// src/warnings.ts drops it); on Node 20, process_wrap's handle (src/child.ts), then it waits for
// `true` and exits with its status. A row's ratio minus the floor's is what uid-entrypoint adds.
'use strict';

const FILE = '/bin/true';
const ADDON = `${__dirname}/dist/execve-${process.platform}-${process.arch}.node`;
/** The environment as execve(2) takes it: computed only on the branches that pass it so. */
const envPairs = () => Object.entries(process.env).map(([key, value]) => `${key}=${value}`);

const addon = { exports: {} };
if (require('node:fs').existsSync(ADDON)) {
  process.dlopen(addon, ADDON);
  const errno = addon.exports.execve(FILE, ['true'], envPairs());
  throw new Error(`execve ${FILE}: errno ${errno}`);
} else if (typeof process.execve === 'function') {
  process.emitWarning = () => {};
  process.execve(FILE, ['true'], process.env);
} else {
  const handle = new (process.binding('process_wrap').Process)();
  handle.onexit = (status) => {
    handle.close();
    process.exitCode = status;
  };
  const error = handle.spawn({
    file: FILE,
    args: ['true'],
    envPairs: envPairs(),
    stdio: [0, 1, 2].map((fd) => ({ type: 'inherit', fd })),
  });
  if (error !== 0) throw new Error(`spawn ${FILE}: ${error}`);
}
