// The passwd-mode lock: one holder at a time, across processes, whichever way it was bound (the
// addon or node:net), and free again when its holder releases it or dies.
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../src/addon.js';
import { acquireLock, addonBind, type Bind, lockBind, netBind } from '../src/lock.js';

const fresh = (): string => `uid-entrypoint-test/${randomUUID()}`;
const addon = loadAddon(join(import.meta.dirname, '..', 'dist'));
if (!addon) throw new Error('no addon in dist/: npm run build compiles it (cc)');

describe('lockBind', () => {
  it('binds through the addon where the install has one, so passwd mode does not load node:net', () => {
    expect(lockBind(addon)).not.toBe(netBind);
    expect(lockBind(undefined)).toBe(netBind);
  });
});

const binds: [string, Bind][] = [
  ['the addon', addonBind(addon)],
  ['node:net', netBind],
];

describe.each(binds)('bound through %s', (_label, bind) => {
  it.each(binds)('excludes a holder that bound through %s, and frees the name on release', async (_other, first) => {
    const name = fresh();
    const release = await first(name);
    expect(release).toBeTypeOf('function');
    expect(await bind(name)).toBeUndefined();
    await release?.();
    const again = await bind(name);
    expect(again).toBeTypeOf('function');
    await again?.();
  });
});

describe.each(binds)('acquireLock through %s', (_label, bind) => {
  it('waits for the holder to release, then takes the lock', async () => {
    const name = fresh();
    const release = await acquireLock(name, bind);
    let taken = false;
    const waiting = acquireLock(name, bind).then((r) => {
      taken = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(taken).toBe(false);
    await release();
    await (await waiting)();
    expect(taken).toBe(true);
  });

  it('gives up after its timeout with EADDRINUSE, naming the lock', async () => {
    const name = fresh();
    const release = await acquireLock(name, bind);
    await expect(acquireLock(name, bind, 30)).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: `lock ${name} is still held after 30 ms`,
    });
    await release();
  });

  it('is held against another process, and freed by the kernel when that process is killed', async () => {
    const name = fresh();
    const holder = execa(
      process.execPath,
      ['-e', `require('net').createServer().listen(${JSON.stringify(`\0${name}`)}, () => console.log('held'))`],
      { reject: false },
    );
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    await expect(acquireLock(name, bind, 30)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    holder.kill('SIGKILL');
    expect((await holder).signal).toBe('SIGKILL');
    await (await acquireLock(name, bind, 1000))();
  });
});
