// bin/uid-entrypoint.cjs as a module: what the tests use of the launcher, typed.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { asNative, type Native } from '../../src/addon.js';
import { type Files, NODE_FILES, nativeFiles } from '../../src/files.js';

interface Launcher {
  addonFile(dir?: string): string;
  loadAddon(dir?: string): unknown;
}

export const launcher = createRequire(import.meta.url)('../../bin/uid-entrypoint.cjs') as Launcher;

/** dist/, which npm test builds first. */
export const DIST = join(import.meta.dirname, '..', '..', 'dist');

/** The addon npm run build compiled for this machine; the tests need it (.ci/setup installs gcc). */
export function builtAddon(): Native {
  const native = asNative(launcher.loadAddon(DIST));
  if (!native) throw new Error(`no addon at ${launcher.addonFile(DIST)}: npm run build needs a C compiler (cc)`);
  return native;
}

/** Both ways to make the start path's file system calls, for tests that must hold for each. */
export const bothFiles = (): [string, Files][] => [
  ['node:fs', NODE_FILES],
  ['the addon', nativeFiles(builtAddon())],
];
