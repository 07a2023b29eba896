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
 * What /etc/passwd is to the C library's lookup of a UID:
 * - 'only': nsswitch.conf lists `files` alone for passwd. Whether the file has
 *   a line the C library reads the UID from is its whole answer.
 * - 'first': `files` comes first. A UID it does not know is surely absent
 *   from the file too (no other service's answer can have stopped it).
 * - 'other': another service first (its NOTFOUND=return may stop the search),
 *   `compat` (NIS +/- lines), no passwd line (glibc's built-in default varies),
 *   no nsswitch.conf (musl, or glibc's default), or something that can answer
 *   in the C library's place (`standIn`: a preloaded library such as
 *   nss_wrapper, or nscd and its cache).
 * run.ts uses the first two on a large passwd, to read it once (bench/README.md).
 */
export type PasswdRole = 'only' | 'first' | 'other';

export function passwdRole(nsswitch: string | undefined, standIn: boolean): PasswdRole {
  if (nsswitch === undefined || standIn) return 'other';
  const services = nsswitchServices(nsswitch, 'passwd');
  if (services?.[0] !== 'files') return 'other';
  return services.length === 1 ? 'only' : 'first';
}
