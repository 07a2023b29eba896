// Pure: what /etc/nsswitch.conf says about where the C library looks users up.

/**
 * The services nsswitch.conf lists for `database` (`passwd: files systemd`
 * gives ['files', 'systemd']), action items such as `[NOTFOUND=return]` left
 * out; undefined when the file has no line for it.
 */
export function nsswitchServices(text: string, database: string): string[] | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const colon = line.indexOf(':');
    if (colon === -1 || line.slice(0, colon).trim() !== database) continue;
    return line
      .slice(colon + 1)
      .replace(/\[[^\]]*\]/g, ' ')
      .split(/\s+/)
      .filter((service) => service !== '');
  }
  return undefined;
}

/**
 * Whether a UID the C library does not know is surely absent from /etc/passwd
 * as well: glibc asked the `files` service first (so no other service's answer
 * can have stopped it), and nothing preloaded can stand in for its lookups (as
 * nss_wrapper does). Then only the name lines of the file matter to the plan,
 * and a large passwd need not be searched for the UID (bench/README.md).
 * Without an nsswitch.conf (musl, or glibc's built-in default) the answer is no.
 */
export function libcSearchedPasswdFile(nsswitch: string | undefined, preloaded: boolean): boolean {
  if (nsswitch === undefined || preloaded) return false;
  return nsswitchServices(nsswitch, 'passwd')?.[0] === 'files';
}
