// The passwd-mode lock: one holder at a time, across processes, whichever way it was bound, and
// free again when its holder releases it or dies.
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acquireLock, type Bind, netBind, pipeBind } from '../src/lock.js';

const fresh = (): string => `uid-entrypoint-test/${randomUUID()}`;
const pipe = pipeBind();

describe('pipeBind', () => {
  it('is usable on this Node, so passwd mode does not pay for node:net', () => {
    expect(pipe).toBeTypeOf('function');
  });

  it('binds through node:net when pipe_wrap answers in a shape it does not know', async () => {
    const proc = process as unknown as { binding: (name: string) => unknown };
    const real = proc.binding;
    class Pipe {
      bind(): undefined {
        return undefined;
      }
      close(): void {}
    }
    proc.binding = () => ({ Pipe, constants: { SERVER: 1 } });
    let odd: ReturnType<typeof pipeBind>;
    try {
      odd = pipeBind();
    } finally {
      proc.binding = real;
    }
    const address = `\0${fresh()}`;
    const release = await odd!(address);
    expect(release).toBeTypeOf('function');
    expect(await pipe!(address)).toBeUndefined();
    await release!();
  });
});

const binds: [string, Bind][] = [
  ['pipe_wrap', pipe!],
  ['node:net', netBind],
];

describe.each(binds)('%s', (_label, bind) => {
  it.each(binds)('excludes a holder that bound through %s, and frees the name on release', async (_other, first) => {
    const address = `\0${fresh()}`;
    const release = await first(address);
    expect(release).toBeTypeOf('function');
    expect(await bind(address)).toBeUndefined();
    await release!();
    const again = await bind(address);
    expect(again).toBeTypeOf('function');
    await again!();
  });
});

describe('acquireLock', () => {
  it('waits for the holder to release, then takes the lock', async () => {
    const name = fresh();
    const release = await acquireLock(name);
    let taken = false;
    const waiting = acquireLock(name).then((r) => {
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
    const release = await acquireLock(name);
    await expect(acquireLock(name, 30)).rejects.toMatchObject({
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
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    await expect(acquireLock(name, 30)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    holder.kill('SIGKILL');
    expect((await holder).signal).toBe('SIGKILL');
    await (await acquireLock(name, 1000))();
  });
});
