// The facts every decision is made from, gathered by probe.ts and passed in.

/** What the C library (NSS: files, LDAP, sssd...) says about a UID. */
export interface UserRecord {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** A directory's state for this process. */
export type DirState = 'writable' | 'read-only' | 'missing';

/** A passwd or group file as this process finds it. */
export interface FileFacts {
  path: string;
  /**
   * The lines that mention the UID or GID or a name the planner looks up
   * (probe.ts greps for them), '' when missing or unreadable. Every lookup
   * in passwd.ts answers on these lines as on the whole file. Passwd lines
   * with the UID are left out when the C library searched the file for it
   * in vain and the file is large (run.ts, nsswitch.ts): then no lookup by
   * UID can find one anyway. Where the file is the C library's whole answer,
   * they are every line with the UID's digits and a colon (uidDigitsNeedle).
   */
  text: string;
  exists: boolean;
  /** Writable in place by this process (access W_OK, and not a symlink). */
  writable: boolean;
  symlink: boolean;
}

/** A file at one moment: which file (device and inode), and how long it was. */
export interface FileVersion {
  dev: number;
  ino: number;
  size: number;
}

export interface Facts {
  uid: number;
  gid: number;
  /**
   * /etc/passwd as it was before the C library was asked about the UID: what
   * its answer, and the search of the files after it, are about.
   */
  passwdBefore?: FileVersion;
  /** The C library's entry for uid, undefined when it has none. */
  user: UserRecord | undefined;
  passwd: FileFacts;
  group: FileFacts;
  /** libnss_wrapper.so, when found. */
  nssWrapperLib: string | undefined;
  tmpdir: string;
  /** The state of a directory the planner considers for HOME. */
  dirState: (path: string) => DirState;
}
