// Effects: a crash-proof cross-process lock, a UNIX socket bound to an abstract address (Linux),
// which a second bind in the same network namespace refuses and the kernel frees when its holder dies.
import type { Addon } from './addon.js';
import { errnoError } from './addon.js';

/** Frees the lock. */
export type Release = () => Promise<void>;

/** Binds the socket for `name`, or answers undefined when another process holds it. */
export type Bind = (name: string) => Promise<Release | undefined>;

/**
 * Binds through the addon, synchronously (native/lock.c): the passwd-mode start then does not
 * load node:net and what node:net loads. The address is the one netBind binds, so either way
 * excludes the other.
 */
export const addonBind =
  (addon: Addon): Bind =>
  async (name) => {
    const fd = addon.bindLock(name);
    if (fd >= 0) {
      // Closing the descriptor frees the address at once: nothing to wait for.
      return async () => void addon.releaseLock(fd);
    }
    if (-fd === process.getBuiltinModule('node:os').constants.errno.EADDRINUSE) return undefined;
    throw errnoError(-fd, 'bind', `the lock socket ${name}`);
  };

/** The same through node:net's public API, where there is no addon. */
export const netBind: Bind = (name) => {
  const { createServer } = process.getBuiltinModule('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
    );
    // A leading NUL puts the socket in Linux's abstract namespace: no file, nothing stale after SIGKILL.
    server.listen(`\0${name}`, () => {
      server.unref();
      resolve(() => new Promise((done) => server.close(() => done())));
    });
  });
};

/** How this install binds: through the addon where it has one, else through node:net. */
export const lockBind = (addon: Addon | undefined): Bind => (addon ? addonBind(addon) : netBind);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until this process alone holds `name` (shared by every process in the same network
 * namespace, as the processes of one container are), and returns the function that releases it.
 * Gives up after `timeoutMs` with an EADDRINUSE error.
 */
export async function acquireLock(name: string, bind: Bind, timeoutMs = 10_000): Promise<Release> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 40)) {
    const release = await bind(name);
    if (release) return release;
    if (Date.now() > deadline) {
      throw Object.assign(new Error(`lock ${name} is still held after ${timeoutMs} ms`), { code: 'EADDRINUSE' });
    }
    await sleep(delay + Math.random() * delay);
  }
}
