import { describe, expect, it } from 'vitest';
import { inForeground } from '../src/terminal.js';

/** A /proc/PID/stat line: pid (comm) state ppid pgrp session tty_nr tpgid, then the rest. */
const stat = (comm: string, pgrp: number, tpgid: number): string =>
  `4242 (${comm}) S 1 ${pgrp} ${pgrp} 34816 ${tpgid} 4194560 120 0 0 0 0 0 0 0 20 0 1 0`;

describe('inForeground', () => {
  it("is true when the process group is the terminal's foreground group", () => {
    expect(inForeground(stat('node', 4242, 4242))).toBe(true);
  });

  it('is false in a background group, or without a terminal (tpgid -1)', () => {
    expect(inForeground(stat('node', 4242, 5000))).toBe(false);
    expect(inForeground(stat('node', 4242, -1))).toBe(false);
  });

  it('counts the fields after the last ")", whatever the command name holds', () => {
    expect(inForeground(stat('a) S 1 7 7 0 7 (b', 4242, 4242))).toBe(true);
    expect(inForeground(stat('x y', 4242, 9))).toBe(false);
  });

  it('is false for text it cannot read', () => {
    expect(inForeground('')).toBe(false);
    expect(inForeground('4242 (node) S')).toBe(false);
  });
});
