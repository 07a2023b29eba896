#!/usr/bin/env node
// Writes V8's code cache for dist/cli.cjs, for the Node that runs this script, next to the bundle.
// npm runs it after install (postinstall); with --ignore-scripts, run it in the image build with
// the Node the container will use. It never fails an install: without a cache, starts compile.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');

const say = (text) => process.stdout.write(`uid-entrypoint: ${text}\n`);

function write() {
  // The launcher needs process.getBuiltinModule to load at all; `supported` says the rest.
  const launcher = typeof process.getBuiltinModule === 'function' ? require('./uid-entrypoint.cjs') : undefined;
  if (!launcher?.supported(process.versions.node)) {
    say(`no code cache: Node ${process.version} cannot run uid-entrypoint (it needs 22.15 or later)`);
    return;
  }
  const { BUNDLE, bundleScript, cacheContents, cacheFile, readBundle } = launcher;
  // A source checkout before `npm run build` (npm runs this on `npm ci` too): nothing to cache.
  if (!existsSync(BUNDLE)) return;
  const source = readBundle();
  // build.mjs escapes every other character; the cache file keeps the text a byte a character.
  // UTF-8 takes one byte for each ASCII character and more for any other.
  if (Buffer.byteLength(source, 'utf8') !== source.length) {
    say(`no code cache: ${BUNDLE} is not ASCII; starts compile as usual`);
    return;
  }
  // Every function compiled now, not only the top level, so a start compiles nothing. The flag is
  // put back before the cache is made: its flag hash must be that of a plain start, or V8 rejects it.
  v8.setFlagsFromString('--no-lazy');
  const script = bundleScript(source);
  v8.setFlagsFromString('--lazy');
  const target = cacheFile();
  const temporary = `${target}.${process.pid}`;
  writeFileSync(temporary, cacheContents(source, script.createCachedData()), { mode: 0o644 });
  renameSync(temporary, target);
  // A fresh process, as a container start is, must take it, and the bundle run from it must load a
  // lazy module (--version goes through commander, in program.cjs).
  const launcherPath = JSON.stringify(require.resolve('./uid-entrypoint.cjs'));
  const probe = `const r = require(${launcherPath}).loadCached();
    if (r.status !== 'used') process.stdout.write(r.status);
    else {
      let out = '';
      const io = { stdout: (t) => { out += t; }, stderr: (t) => { out += t; } };
      r.exports.main(['--version'], {}, io).then((code) => process.stdout.write(code === 0 ? 'used' : 'a lazy module failed to load from the cached code: ' + (out.match(/ERR_[A-Z_]+/)?.[0] ?? out.trim())));
    }`;
  const check = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  if (check.stdout === 'used') {
    say(`code cache for Node ${process.version} written: ${target}`);
    return;
  }
  rmSync(target, { force: true });
  const why = (check.stdout || check.stderr || `exit ${check.status}`).trim().split('\n')[0];
  say(`no code cache: a fresh Node ${process.version} could not use it (${why})`);
}

try {
  write();
} catch (error) {
  say(`no code cache (${error.message}); starts compile as usual`);
}
