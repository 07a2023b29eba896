// A crash-proof cross-process lock: an abstract UNIX socket the kernel frees when its holder dies.
import type { Server } from 'node:net';

const listen = (name: string): Promise<Server> => {
  // node:net is loaded only here, off the start path of the other modes.
  const { createServer } = process.getBuiltinModule('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    // A leading NUL puts the socket in Linux's abstract namespace: no file, nothing stale after SIGKILL.
    server.listen(`\0${name}`, () => {
      server.off('error', reject);
      server.unref();
      resolve(server);
    });
  });
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until this process alone holds `name` (shared by every process in the
 * same network namespace, as the processes of one container are), and returns
 * the function that releases it. Gives up after `timeoutMs`.
 */
export async function acquireLock(name: string, timeoutMs = 10_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 40)) {
    try {
      const server = await listen(name);
      return () => new Promise((resolve) => server.close(() => resolve()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) throw error;
      await sleep(delay + Math.random() * delay);
    }
  }
}
