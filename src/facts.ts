// The facts every decision is made from, gathered by probe.ts and passed in.

/** What the C library (NSS: files, nss_wrapper, LDAP, sssd...) says about a UID. */
export interface UserRecord {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** A path as this process finds it, for HOME and the temp directories. */
export interface DirInfo {
  /** What is there: nothing, a directory (through symbolic links), or something else. */
  kind: 'missing' | 'directory' | 'other';
  /** The path itself is a symbolic link. */
  symlink: boolean;
  /** This process may create files in it (access W_OK). */
  writable: boolean;
  /** It belongs to this process's UID. */
  own: boolean;
  /** Its group or others may write into it. */
  open: boolean;
  /** Every user may create files in it, each keeping their own (world-writable and sticky, as /tmp). */
  shared: boolean;
}

/** A passwd or group file as this process finds it. */
export interface FileFacts {
  path: string;
  /**
   * The lines the planner reads: the whole file when it is small, else those that may hold the
   * UID, the GIDs or a name the planner looks up (probe.ts). '' when the file is missing or
   * cannot be read.
   */
  text: string;
  exists: boolean;
  /** Why the file cannot be read ('EACCES', 'EISDIR', ...); undefined when it can. */
  unreadable?: string;
  /** Writable in place by this process (access W_OK), and not a symbolic link. */
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
  /** The primary GID. */
  gid: number;
  /** Every GID the process holds, the primary first, each once. */
  gids: number[];
  /** The C library's entry for uid, undefined when it has none. */
  user: UserRecord | undefined;
  /** The GIDs of `gids` the C library has no name for. */
  unnamedGids: number[];
  /**
   * /etc/passwd as it was before the C library was asked about the UID: what its answer, and
   * the search of the files after it, are about.
   */
  passwdBefore?: FileVersion;
  passwd: FileFacts;
  group: FileFacts;
  /** libnss_wrapper.so, when found. */
  nssWrapperLib: string | undefined;
  /** The directories temp files and a private HOME may go in, best first (tempdirs.ts). */
  tempBases: string[];
  /** What is at a path the planner considers for HOME. */
  dirInfo: (path: string) => DirInfo;
}
