import { describe, expect, it } from 'vitest';
import { SHEBANG_BYTES, shebangInterpreter } from '../src/shebang.js';

const head = (text: string): Buffer => Buffer.from(text, 'latin1').subarray(0, SHEBANG_BYTES);

describe('shebangInterpreter', () => {
  it.each([
    ['#!/bin/sh\necho', '/bin/sh'],
    ['#! /bin/sh -e\n', '/bin/sh'],
    ['#!\t/usr/bin/env python3\n', '/usr/bin/env'],
    ['#!/bin/sh\r\necho\r\n', '/bin/sh\r'],
    ['#!/bin/bash  \n', '/bin/bash'],
  ])('%j names %j', (text, interpreter) => {
    expect(shebangInterpreter(head(text))).toBe(interpreter);
  });

  it.each([
    ['an ELF binary', '\x7fELF\x02\x01\x01\0'],
    ['a script without #!', 'echo hi\n'],
    ['an empty file', ''],
    ['a lone #!', '#!\n'],
    ['#! and blanks only', '#!  \t\n'],
    ['a first line longer than the kernel reads', `#!/${'x'.repeat(300)}\n`],
  ])('is undefined for %s', (_label, text) => {
    expect(shebangInterpreter(head(text))).toBeUndefined();
  });

  it('reads a subarray where it starts', () => {
    const buffer = Buffer.from('xx#!/bin/sh\n', 'latin1');
    expect(shebangInterpreter(buffer.subarray(2))).toBe('/bin/sh');
  });
});
