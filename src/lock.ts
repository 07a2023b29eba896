// A crash-proof cross-process lock: an abstract UNIX socket the kernel frees when its holder dies.
import { binding } from './binding.js';

/** Frees the lock. */
export type Release = () => Promise<void>;

/** Takes the socket address, or answers undefined when another process holds it. */
export type Bind = (address: string) => Promise<Release | undefined>;

interface PipeHandle {
  bind(address: string): number;
  close(callback?: () => void): void;
}
interface PipeWrap {
  Pipe: new (type: number) => PipeHandle;
  constants: { SERVER: number };
}

/**
 * Binds through pipe_wrap, the binding under node:net, synchronously: about 0.3 ms, where node:net
 * and listen() cost about 7 ms on every passwd-mode start (they load the stream internals, cluster
 * and child_process; bench/README.md). A bound socket owns its address: a second bind gets
 * EADDRINUSE, whoever made the other one. Returns undefined when pipe_wrap is not usable here
 * (binding.ts), and node:net does the work.
 */
export function pipeBind(): Bind | undefined {
  const wrap = binding('pipe_wrap') as Partial<PipeWrap> | undefined;
  if (typeof wrap?.Pipe !== 'function' || typeof wrap.constants?.SERVER !== 'number') return undefined;
  const { Pipe, constants } = wrap as PipeWrap;
  return async (address) => {
    const handle = new Pipe(constants.SERVER);
    const errno: unknown = handle.bind(address);
    // close() closes the descriptor at once, and the kernel frees the address with it: waiting
    // for its callback would only cost a turn of the event loop (0.1-0.15 ms) before the exec.
    if (errno === 0) return async () => handle.close();
    handle.close();
    // An internal binding may change shape in another Node: then the public way.
    if (typeof errno !== 'number') return netBind(address);
    const code = process.getBuiltinModule('node:util').getSystemErrorName(errno);
    if (code === 'EADDRINUSE') return undefined;
    throw Object.assign(new Error(`cannot bind the lock socket: ${code}`), { code });
  };
}

/** The same through node:net's public API (listen), loaded only when pipe_wrap cannot be used. */
export const netBind: Bind = (address) => {
  const { createServer } = process.getBuiltinModule('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
    );
    server.listen(address, () => {
      server.unref();
      resolve(() => new Promise((done) => server.close(() => done())));
    });
  });
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until this process alone holds `name` (shared by every process in the
 * same network namespace, as the processes of one container are), and returns
 * the function that releases it. Gives up after `timeoutMs` with an EADDRINUSE error.
 */
export async function acquireLock(
  name: string,
  timeoutMs = 10_000,
  bind: Bind = pipeBind() ?? netBind,
): Promise<Release> {
  const deadline = Date.now() + timeoutMs;
  // A leading NUL puts the socket in Linux's abstract namespace: no file, nothing stale after SIGKILL.
  const address = `\0${name}`;
  for (let delay = 1; ; delay = Math.min(delay * 2, 40)) {
    const release = await bind(address);
    if (release) return release;
    if (Date.now() > deadline)
      throw Object.assign(new Error(`lock ${name} is still held after ${timeoutMs} ms`), { code: 'EADDRINUSE' });
    await sleep(delay + Math.random() * delay);
  }
}
