#!/bin/sh
":" //; case ${NODE_OPTIONS+1}${NODE_PATH+1}${NODE_PRESERVE_SYMLINKS+1}${NODE_REPL_EXTERNAL_MODULE+1}${NODE_COMPILE_CACHE+1}${NODE_DISABLE_COMPILE_CACHE+1}${NODE_COMPILE_CACHE_PORTABLE+1}${NODE_V8_COVERAGE+1}${NODE_DEBUG+1}${NODE_DEBUG_NATIVE+1}${NODE_REDIRECT_WARNINGS+1}${NODE_NO_WARNINGS+1}${NODE_PENDING_DEPRECATION+1}${NODE_EXTRA_CA_CERTS+1}${NODE_USE_SYSTEM_CA+1}${NODE_USE_ENV_PROXY+1}${NODE_TLS_REJECT_UNAUTHORIZED+1}${NODE_ICU_DATA+1}${NODE_SKIP_PLATFORM_CHECK+1}${NODE_CHANNEL_FD+1}${NODE_CHANNEL_SERIALIZATION_MODE+1}${NODE_UNIQUE_ID+1}${NODE_TEST_CONTEXT+1}${UV_THREADPOOL_SIZE+1}${UV_USE_IO_URING+1}${OPENSSL_CONF+1} in ?*) for name in NODE_OPTIONS NODE_PATH NODE_PRESERVE_SYMLINKS NODE_REPL_EXTERNAL_MODULE NODE_COMPILE_CACHE NODE_DISABLE_COMPILE_CACHE NODE_COMPILE_CACHE_PORTABLE NODE_V8_COVERAGE NODE_DEBUG NODE_DEBUG_NATIVE NODE_REDIRECT_WARNINGS NODE_NO_WARNINGS NODE_PENDING_DEPRECATION NODE_EXTRA_CA_CERTS NODE_USE_SYSTEM_CA NODE_USE_ENV_PROXY NODE_TLS_REJECT_UNAUTHORIZED NODE_ICU_DATA NODE_SKIP_PLATFORM_CHECK NODE_CHANNEL_FD NODE_CHANNEL_SERIALIZATION_MODE NODE_UNIQUE_ID NODE_TEST_CONTEXT UV_THREADPOOL_SIZE UV_USE_IO_URING OPENSSL_CONF; do
":" //;   eval "if [ -n \"\${$name+set}\" ]; then export UID_ENTRYPOINT_SAVED_$name=\"\$$name\"; unset $name; fi"
":" //; done ;; esac
":" //; IFS=; while read -r line; do case $line in SigBlk:*) export UID_ENTRYPOINT_SIGMASK="${line#SigBlk:?}"; break ;; esac; done 2>/dev/null </proc/self/status; unset IFS
":" //; exec node "$0" "$@"
// The lines above are sh; Node, which skips the first, reads them as strings and comments. A
// container's ENTRYPOINT runs this file through /bin/sh first: it keeps the settings Node reads
// from the environment (the app's NODE_OPTIONS, and the rest of that list) out of this Node's,
// under UID_ENTRYPOINT_SAVED_<NAME>, and the signal mask it was started with, which Node replaces
// with its own, in UID_ENTRYPOINT_SIGMASK; src/env.ts gives COMMAND both back as they were. The
// `case` in front of the loop lets a start where none of them is set skip its evals, and IFS is
// set once, not per read: the sh part runs on every start (test/launcher.test.ts holds the guard's
// names to the loop's). Run as `node uid-entrypoint.cjs` instead, Node reads them itself.
//
// Then the launcher: everything lives in dist/cli.cjs, one CommonJS file (build.mjs says why). When
// a code cache made by this Node for these exact bytes sits next to it (bin/write-code-cache.cjs
// writes one at install), V8 takes the compiled code from it instead of compiling our code on every
// container start. Without one, or with one that does not fit, it is a plain require.
'use strict';

/**
 * The oldest Node this runs on: the first with process.execve (22.15 and, on the odd line, 23.11).
 * Written so that any Node can run it, and checked before anything else is read or written.
 */
const supported = (version) => {
  const [major, minor] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 11) || (major === 22 && minor >= 15);
};

/** What the refusal exits with (README, "Exit codes"): 69, EX_UNAVAILABLE of sysexits.h. */
const UNSUPPORTED_NODE = 69;

if (require.main === module && !supported(process.versions.node)) {
  process.stderr.write(
    `uid-entrypoint: Node ${process.version} is too old: uid-entrypoint needs Node 22.15 or later (23.11 or later on 23); nothing was changed\n`,
  );
  process.exit(UNSUPPORTED_NODE);
}

// Built-ins from process.getBuiltinModule, which returns them without going through the module loader.
const { readFileSync } = process.getBuiltinModule('node:fs');
const { join } = process.getBuiltinModule('node:path');

const DIST = join(__dirname, '..', 'dist');
const BUNDLE = join(DIST, 'cli.cjs');

/** The code cache for this Node: V8's cache format depends on its version and the platform. */
const cacheFile = () => join(DIST, `cli-${process.version}-${process.platform}-${process.arch}.cache`);

/**
 * The cache file: the bundle's text (a 4-byte length, then the text, ASCII, a byte a character)
 * and V8's cached data. V8 checks its own version and flags, but knows the source only by its
 * length, so the text is kept and compared here: a bundle changed since the cache was made never
 * runs stale code.
 */
const cacheContents = (source, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(source.length);
  return Buffer.concat([length, Buffer.from(source, 'latin1'), data]);
};

/**
 * The wrapper Node puts around a CommonJS module (require('node:module').wrap), written out, so
 * that the start does not load node:module for it.
 */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];

/**
 * The bundle's text as the script V8 compiles, with `cachedData` when given. The writer and the
 * loader both make it here: V8 takes a cache only for the same source text it was made from.
 */
const bundleScript = (source, cachedData) => {
  const { Script } = process.getBuiltinModule('node:vm');
  return new Script(WRAPPER[0] + source + WRAPPER[1], { filename: BUNDLE, cachedData });
};

/** The bundle's text. */
const readBundle = () => readFileSync(BUNDLE, 'utf8');

/**
 * The bundle's require(): built-ins from process.getBuiltinModule, its lazy modules (./program.cjs,
 * ...) from next to it.
 */
const bundleRequire = (id) =>
  process.getBuiltinModule(id) ?? require(id.startsWith('./') ? join(DIST, id.slice(2)) : id);

/**
 * Compiles and runs the bundle's top level from the code cache. Returns its exports and what V8
 * did with the cache ('used', or 'rejected': compiled as usual), or a status alone when there is
 * no cache to try ('absent', or 'stale': made from other bytes).
 */
function loadCached() {
  let cache;
  try {
    cache = readFileSync(cacheFile());
  } catch {
    return { status: 'absent' };
  }
  const source = readBundle();
  const length = cache.length >= 4 ? cache.readUInt32LE(0) : -1;
  // The kept text is ASCII (the writer makes none for other text), so equal texts are equal files.
  if (length !== source.length || cache.toString('latin1', 4, 4 + length) !== source) return { status: 'stale' };
  const script = bundleScript(source, cache.subarray(4 + length));
  const bundle = { exports: {} };
  script.runInThisContext().call(bundle.exports, bundle.exports, bundleRequire, bundle, BUNDLE, DIST);
  return { status: script.cachedDataRejected ? 'rejected' : 'used', exports: bundle.exports };
}

module.exports = { BUNDLE, bundleScript, cacheFile, cacheContents, loadCached, readBundle, supported };

if (require.main === module) {
  let cli;
  try {
    cli = loadCached().exports;
  } catch {
    // An unreadable bundle or cache: the plain require below reports what is wrong, if anything.
  }
  (cli ?? require(BUNDLE)).run();
}
