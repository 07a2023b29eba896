// Packs and installs the CLI once, the way a user gets it (npm pack, npm install -g), into a
// directory every test UID can read, next to a copy of the Node >= 22.15 binary and its code cache;
// and a copy of that install without the execve addon, as a build without a C compiler leaves it.
import { execa } from 'execa';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { addonName } from '../../src/addon.js';

declare module 'vitest' {
  export interface ProvidedContext {
    installRoot: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // Not under /tmp: each sandbox mounts a private tmpfs there.
  const root = mkdtempSync('/var/tmp/uid-entrypoint-test-');
  chmodSync(root, 0o755);
  const { stdout } = await execa('npm', ['pack', '--pack-destination', root, '--silent'], {
    env: { npm_config_loglevel: 'error' },
  });
  const tarball = join(root, stdout.trim().split('\n').pop() ?? '');
  await execa('npm', ['install', '--global', '--prefix', join(root, 'prefix'), '--no-audit', '--no-fund', tarball], {
    env: { npm_config_loglevel: 'error' },
  });
  const node24 = join(process.cwd(), 'node_modules/node/bin/node');
  if (!existsSync(node24)) throw new Error(`missing ${node24}: run npm ci`);
  copyFileSync(node24, join(root, 'node24'));
  chmodSync(join(root, 'node24'), 0o755);
  // npm 11.19 runs no install script of a global package it was not allowed to (Dockerfile.example
  // runs the writer itself), so the install has no code cache. An image built on Node 24 has one
  // for Node 24, so the Node 24 tests start from it; the Node 20 ones compile (the plain require()
  // path), and test/integration/codecache.test.ts covers Node 20 with a cache.
  await execa(join(root, 'node24'), [join(root, 'prefix/lib/node_modules/uid-entrypoint/bin/write-code-cache.cjs')]);
  const installed = join(root, 'prefix/lib/node_modules/uid-entrypoint');
  const addon = `dist/${addonName()}`;
  if (!existsSync(join(installed, addon)))
    throw new Error(`the package has no ${addon}: build.mjs needs a C compiler (cc; .ci/setup installs gcc)`);
  cpSync(installed, join(root, 'plain'), { recursive: true });
  rmSync(join(root, 'plain', addon));
  project.provide('installRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
