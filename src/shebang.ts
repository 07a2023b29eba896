// Pure: the interpreter a script's first line names, read as the kernel reads it (binfmt_script).

/** How much of a file the kernel reads for its #! line (BINPRM_BUF_SIZE). */
export const SHEBANG_BYTES = 256;

/**
 * The interpreter path of a file that starts with `head`, or undefined when it is not a #!
 * script or its first line does not end within SHEBANG_BYTES (then the kernel's own rules
 * decide). As the kernel does: blanks (space, tab) after "#!" are skipped and the path ends at
 * the next blank or the line's end. A carriage return is not a blank: a script saved with
 * Windows line endings names "/bin/sh\r", which does not exist.
 */
export function shebangInterpreter(head: Uint8Array): string | undefined {
  if (head[0] !== 0x23 || head[1] !== 0x21) return undefined;
  const end = head.indexOf(0x0a);
  if (end === -1) return undefined;
  const line = Buffer.from(head.buffer, head.byteOffset + 2, end - 2).toString('latin1');
  const path = line.replace(/^[ \t]+/, '').split(/[ \t]/, 1)[0];
  return path === '' ? undefined : path;
}
