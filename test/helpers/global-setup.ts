// Packs and installs the CLI once, the way a user gets it (npm pack, npm install -g), into a
// directory every test UID can read, next to a copy of each supported Node binary (22, 24, 26) and
// a code cache for each; and a copy of that install without the addon, as a build without a C
// compiler leaves it.
import { execa } from 'execa';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { addonName } from '../../src/addon.js';
import { NODE_LINES, nodeSource } from './nodes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    installRoot: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // Not under /tmp: each sandbox mounts a private tmpfs there.
  const root = mkdtempSync('/var/tmp/uid-entrypoint-test-');
  chmodSync(root, 0o755);
  const npmEnv = { npm_config_loglevel: 'error' };
  const { stdout } = await execa('npm', ['pack', '--pack-destination', root, '--silent'], { env: npmEnv });
  const tarball = join(root, stdout.trim().split('\n').pop() ?? '');
  const prefix = join(root, 'prefix');
  await execa('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { env: npmEnv });
  const installed = join(prefix, 'lib/node_modules/uid-entrypoint');
  for (const line of NODE_LINES) {
    const source = nodeSource(line);
    if (!existsSync(source)) throw new Error(`missing ${source}: run npm ci (and npm ci --prefix test/nodes)`);
    copyFileSync(source, join(root, `node${line}`));
    chmodSync(join(root, `node${line}`), 0o755);
    // A directory for PATH where `node` is this line, for what finds Node on PATH (the installed command).
    mkdirSync(join(root, `path${line}`), { mode: 0o755 });
    symlinkSync(`../node${line}`, join(root, `path${line}`, 'node'));
    // npm runs no install script of a global package it was not allowed to (Dockerfile.example runs
    // the writer itself), so the install has no code cache until each Node writes its own, as an
    // image build with that Node would.
    await execa(join(root, `node${line}`), [join(installed, 'bin/write-code-cache.cjs')]);
  }
  const addon = `dist/${addonName()}`;
  if (!existsSync(join(installed, addon))) {
    throw new Error(`the package has no ${addon}: build.mjs needs a C compiler (cc; .ci/setup installs gcc)`);
  }
  cpSync(installed, join(root, 'plain'), { recursive: true });
  rmSync(join(root, 'plain', addon));
  project.provide('installRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
