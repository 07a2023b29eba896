// Ctrl-C in a terminal, as a user at a shell prompt sends it: the terminal signals its whole
// foreground process group, and COMMAND, which replaced the entrypoint in it, gets it once. Run in
// a pseudo-terminal from util-linux `script`, as root (UID 0: nothing to fix, nothing written),
// not as PID 1 (no tini).
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodes, scratchDir } from '../helpers/sandbox.js';

// Counts SIGINTs: prints "ready", waits for the first, gives a second 0.5 s to arrive, prints the count.
const COUNTER = `import signal, time
seen = []
signal.signal(signal.SIGINT, lambda *_: seen.append(time.time()))
print("ready", flush=True)
end = time.time() + 10
while time.time() < end and not (seen and time.time() > seen[0] + 0.5):
    time.sleep(0.02)
print("SIGINT x%d" % len(seen), flush=True)
`;

describe.each(nodes())('$label', (node) => {
  it('Ctrl-C reaches COMMAND once', async () => {
    const dir = scratchDir('terminal');
    const counter = join(dir, 'counter.py');
    writeFileSync(counter, COUNTER);
    // `exec`: script runs the command through $SHELL -c, and a shell that stays behind (dash does)
    // dies of the same Ctrl-C, which is not what is under test. SHELL is pinned for the same reason.
    const command = `exec ${node.bin} ${node.cli} --log-level warn -- python3 ${counter}`;
    const running = execa('script', ['-qec', command, '/dev/null'], {
      env: { SHELL: '/bin/sh' },
      reject: false,
      timeout: 20_000,
    });
    let output = '';
    let sent = false;
    running.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (sent || !output.includes('ready')) return;
      sent = true;
      // ETX, as the Ctrl-C key writes it: the pseudo-terminal turns it into SIGINT for its foreground group.
      running.stdin?.write('\x03');
    });
    const result = await running;
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout)).toMatch(/SIGINT x1\r?\n?$/);
  });
});
