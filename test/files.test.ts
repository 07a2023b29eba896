// The start path's file system calls (src/files.ts), through node:fs and through the addon
// (native/files.c): on real files, each must give what the other gives, errors included.
import { chmodSync, closeSync, lstatSync, mkdtempSync, openSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDirectory, isFile, isSymbolicLink } from '../src/files.js';
import { bothFiles, builtAddon } from './helpers/launcher.js';

const pick = ({ dev, ino, size, mode, uid }: { dev: number; ino: number; size: number; mode: number; uid: number }) => ({ dev, ino, size, mode, uid });

/** Runs `call` under `mask`, the umask a container may start with. */
const withUmask = <T>(mask: number, call: () => T): T => {
  const old = process.umask(mask);
  try {
    return call();
  } finally {
    process.umask(old);
  }
};

/** Bytes no UTF-8 decode keeps as they are, across more than one 64 KiB read. */
const BYTES = Buffer.concat([Buffer.from('root:x:0:0:r\xe9:/root:/bin/sh\n', 'latin1'), Buffer.alloc(200_000, 0xff), Buffer.from('\n')]);

describe.each(bothFiles())('through %s', (_label, files) => {
  const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-files-'));
  const file = join(dir, 'file');
  const link = join(dir, 'link');
  writeFileSync(file, 'hello\n');
  chmodSync(file, 0o640);
  symlinkSync(file, link);
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));

  it('stat and lstat give what node:fs gives: through a symlink, or of it', () => {
    expect(files.stat(file)).toEqual(pick(statSync(file)));
    expect(files.stat(link)).toEqual(pick(statSync(file)));
    expect(files.lstat(link)).toEqual(pick(lstatSync(link)));
    expect(files.stat(dir)).toEqual(pick(statSync(dir)));
    expect([isFile(files.stat(link)!), isSymbolicLink(files.lstat(link)!), isDirectory(files.stat(dir)!), isDirectory(files.stat(file)!)]).toEqual([true, true, true, false]);
  });

  it.each([
    ['a missing file', 'missing'],
    ['a dangling symlink, through it', 'dangling'],
    ['a path through a file (ENOTDIR)', 'file/x'],
  ])('stat of %s is undefined, not a throw', (_label, name) => {
    expect(files.stat(join(dir, name))).toBeUndefined();
  });

  it('lstat of a dangling symlink is the link', () => {
    expect(files.lstat(join(dir, 'dangling'))).toEqual(pick(lstatSync(join(dir, 'dangling'))));
    expect(files.lstat(join(dir, 'missing'))).toBeUndefined();
  });

  it('access answers as access(2)', () => {
    expect([files.access(file, constants.F_OK), files.access(file, constants.R_OK), files.access(file, constants.X_OK)]).toEqual([true, true, false]);
    expect([files.access(join(dir, 'missing'), constants.F_OK), files.access(join(dir, 'dangling'), constants.F_OK)]).toEqual([false, false]);
  });

  it('open refuses to create over a file (O_EXCL) and to follow a symlink (O_NOFOLLOW), naming the path', () => {
    expect(() => files.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644)).toThrow(expect.objectContaining({ code: 'EEXIST', syscall: 'open', path: file }));
    expect(() => files.open(link, constants.O_RDWR | constants.O_NOFOLLOW)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(() => files.open(join(dir, 'missing'), constants.O_RDONLY)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(readFileSync(file, 'utf8')).toBe('hello\n');
  });

  it('opens close-on-exec, so COMMAND never inherits a descriptor', () => {
    const fd = files.open(file, constants.O_RDONLY);
    try {
      const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      expect(Number.parseInt(flags ?? '0', 8) & 0o2000000).toBe(0o2000000);
    } finally {
      files.close(fd);
    }
    expect(() => files.close(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it('reads and writes at a position, and fstat sees the new length', () => {
    const path = join(dir, 'rw');
    writeFileSync(path, 'abcdef');
    const fd = files.open(path, constants.O_RDWR);
    try {
      const buffer = Buffer.alloc(8, 0x2e);
      expect(files.read(fd, buffer, 2, 4, 1)).toBe(4);
      expect(buffer.toString('latin1')).toBe('..bcde..');
      expect(files.read(fd, buffer, 0, 8, 6)).toBe(0);
      expect(files.write(fd, Buffer.from('XYZ'), 1, 2, 6)).toBe(2);
      expect(files.fstat(fd)).toEqual(pick(statSync(path)));
      expect(files.fstat(fd).size).toBe(8);
    } finally {
      files.close(fd);
    }
    expect(readFileSync(path, 'latin1')).toBe('abcdefYZ');
  });

  it('fchmod sets exactly the mode, which open alone leaves to the umask', () => {
    const path = join(dir, 'mode');
    const fd = withUmask(0o077, () => files.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644));
    try {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      files.fchmod(fd, 0o644);
    } finally {
      files.close(fd);
    }
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('mkdtemp makes a new directory, 0700, named by the prefix and six characters', () => {
    const made = files.mkdtemp(join(dir, 'uid-entrypoint-'));
    expect(made).toMatch(new RegExp(`^${dir}/uid-entrypoint-[A-Za-z0-9]{6}$`));
    expect(statSync(made).mode & 0o7777).toBe(0o700);
    expect(files.mkdtemp(join(dir, 'uid-entrypoint-'))).not.toBe(made);
    expect(() => files.mkdtemp(join(dir, 'missing', 'x-'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('copyNew copies every byte, with exactly the mode asked for, whatever the source mode and the umask', () => {
    const source = join(dir, 'source');
    writeFileSync(source, BYTES);
    chmodSync(source, 0o444);
    const target = join(dir, 'copy');
    withUmask(0o077, () => files.copyNew(source, target, 0o644));
    expect(readFileSync(target).equals(BYTES)).toBe(true);
    expect(statSync(target).mode & 0o7777).toBe(0o644);
  });

  it('copyNew never writes over a file or through a symlink, and leaves no target when the source is missing', () => {
    const source = join(dir, 'source2');
    writeFileSync(source, 'new\n');
    expect(() => files.copyNew(source, file, 0o644)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => files.copyNew(source, join(dir, 'dangling'), 0o644)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(file, 'utf8')).toBe('hello\n');
    expect(readlinkSync(join(dir, 'dangling'))).toBe(join(dir, 'nowhere'));
    expect(files.stat(join(dir, 'nowhere'))).toBeUndefined();
    expect(() => files.copyNew(join(dir, 'missing'), join(dir, 'copy2'), 0o644)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(files.lstat(join(dir, 'copy2'))).toBeUndefined();
  });
});

describe("the addon's own checks", () => {
  const native = builtAddon();
  const dir = mkdtempSync(join(tmpdir(), 'uid-entrypoint-native-'));
  const file = join(dir, 'file');
  writeFileSync(file, 'hello\n');

  it('reads and writes only inside the buffer it is given (EINVAL otherwise)', () => {
    const fd = openSync(file, 'r+');
    try {
      const buffer = Buffer.alloc(4);
      for (const [offset, length] of [[0, 5], [3, 2], [-1, 1], [5, 0], [0, -1]] as const) {
        expect(native.pread(fd, buffer, offset, length, 0)).toBe(-22);
        expect(native.pwrite(fd, buffer, offset, length, 0)).toBe(-22);
      }
      expect(native.pread(fd, buffer, 0, 4, -1)).toBe(-22);
      expect(native.pread(fd, 'text' as unknown as Buffer, 0, 1, 0)).toBe(-22);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe('hello\n');
  });

  it('refuses a NUL in a path (EINVAL) rather than use a shorter one', () => {
    expect(native.stat(`${file}\0x`)).toBe(-22);
    expect(native.open(`${file}\0x`, constants.O_RDONLY, 0)).toBe(-22);
    expect(native.copyNew(file, `${file}\0x`, 0o644)).toBe(-22);
    expect(native.mkdtemp(`${dir}/\0x`)).toBe(-22);
  });

  describe('codeCache', () => {
    const source = 'var a = 1;\n';
    const cacheOf = (text: string, data: Buffer): string => {
      const path = join(dir, `cache-${Math.random()}`);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(text.length);
      writeFileSync(path, Buffer.concat([length, Buffer.from(text, 'latin1'), data]));
      return path;
    };

    const written = (name: string, bytes: Buffer): string => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    };

    it("gives V8's data when the kept text is the bundle's, byte for byte", () => {
      const data = Buffer.from([0, 1, 2, 255]);
      expect(Buffer.from(native.codeCache(cacheOf(source, data), source) as Uint8Array).equals(data)).toBe(true);
    });

    it.each([
      ['another text of the same length', () => cacheOf('var b = 2;\n', Buffer.from([1]))],
      ['a text one byte longer', () => cacheOf(`${source} `, Buffer.from([1]))],
      ['a file that ends inside the text its length announces', () => written('short', Buffer.concat([Buffer.from([source.length, 0, 0, 0]), Buffer.from(source.slice(0, 5))]))],
      ['a file of fewer than 4 bytes', () => written('tiny', Buffer.from([source.length, 0]))],
    ])('says stale (0) for %s', (_label, make) => {
      expect(native.codeCache(make(), source)).toBe(0);
    });

    it('says -ENOENT for a missing file, and refuses a source that is not a string', () => {
      expect(native.codeCache(join(dir, 'missing'), source)).toBe(-2);
      expect(native.codeCache(cacheOf(source, Buffer.from([1])), 42 as unknown as string)).toBe(-22);
    });
  });
});
