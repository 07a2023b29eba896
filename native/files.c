/*
 * The file system calls of a container start, for Node: each is the system call and little
 * more, where node:fs first runs its own JavaScript around it, which Node 20 compiles on each
 * function's first call: about 1 ms of a Node 20 start with a fix (bench/README.md, round
 * fourteen). src/files.ts gives the same calls through node:fs where there is no addon; its
 * callers choose the files, the flags and the modes. Each returns a result >= 0 (or an array, a
 * string, a Buffer) or -errno, and never throws.
 */
#define _GNU_SOURCE /* copy_file_range */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node_api.h"

/* A stat as [dev, ino, size, mode, uid]: numbers, as node:fs gives them. */
static napi_value js_stat(napi_env env, int result, const struct stat *st) {
  if (result != 0) return js_int(env, -errno);
  const double fields[] = {(double)st->st_dev, (double)st->st_ino, (double)st->st_size, (double)st->st_mode, (double)st->st_uid};
  napi_value array;
  if (napi_create_array_with_length(env, 5, &array) != 0) return js_int(env, -ENOMEM);
  for (uint32_t i = 0; i < 5; i++) {
    napi_value field;
    if (napi_create_double(env, fields[i], &field) != 0 || napi_set_element(env, array, i, field) != 0) return js_int(env, -ENOMEM);
  }
  return array;
}

/* The call's first argument as a path (free it), or NULL: see c_string. */
static char *path_arg(napi_env env, napi_callback_info info, size_t count, napi_value *args) {
  return js_args(env, info, count, args) ? c_string(env, args[0]) : NULL;
}

static napi_value stat_of(napi_env env, napi_callback_info info, int (*call)(const char *, struct stat *)) {
  napi_value args[1];
  char *path = path_arg(env, info, 1, args);
  if (path == NULL) return js_int(env, -EINVAL);
  struct stat st;
  int result = call(path, &st);
  napi_value out = js_stat(env, result, &st);
  free(path);
  return out;
}

/* stat(path), lstat(path), fstat(fd): [dev, ino, size, mode, uid] or -errno. */
napi_value uid_stat(napi_env env, napi_callback_info info) { return stat_of(env, info, stat); }
napi_value uid_lstat(napi_env env, napi_callback_info info) { return stat_of(env, info, lstat); }
napi_value uid_fstat(napi_env env, napi_callback_info info) {
  napi_value args[1];
  int32_t fd;
  if (!js_args(env, info, 1, args) || napi_get_value_int32(env, args[0], &fd) != 0) return js_int(env, -EINVAL);
  struct stat st;
  return js_stat(env, fstat(fd, &st), &st);
}

/* access(path, mode): 0 or -errno. */
napi_value uid_access(napi_env env, napi_callback_info info) {
  napi_value args[2];
  int32_t mode;
  char *path = path_arg(env, info, 2, args);
  if (path == NULL || napi_get_value_int32(env, args[1], &mode) != 0) {
    free(path);
    return js_int(env, -EINVAL);
  }
  int result = access(path, mode) == 0 ? 0 : -errno;
  free(path);
  return js_int(env, result);
}

/* open(path, flags, mode): a descriptor, or -errno. Always close-on-exec, as libuv opens: COMMAND never inherits it. */
napi_value uid_open(napi_env env, napi_callback_info info) {
  napi_value args[3];
  int32_t flags, mode;
  char *path = path_arg(env, info, 3, args);
  if (path == NULL || napi_get_value_int32(env, args[1], &flags) != 0 || napi_get_value_int32(env, args[2], &mode) != 0) {
    free(path);
    return js_int(env, -EINVAL);
  }
  int fd = open(path, flags | O_CLOEXEC, (mode_t)mode);
  int result = fd >= 0 ? fd : -errno;
  free(path);
  return js_int(env, result);
}

/* close(fd): 0 or -errno. */
napi_value uid_close(napi_env env, napi_callback_info info) {
  napi_value args[1];
  int32_t fd;
  if (!js_args(env, info, 1, args) || napi_get_value_int32(env, args[0], &fd) != 0) return js_int(env, -EINVAL);
  return js_int(env, close(fd) == 0 ? 0 : -errno);
}

/* fchmod(fd, mode): 0 or -errno. */
napi_value uid_fchmod(napi_env env, napi_callback_info info) {
  napi_value args[2];
  int32_t fd, mode;
  if (!js_args(env, info, 2, args) || napi_get_value_int32(env, args[0], &fd) != 0 || napi_get_value_int32(env, args[1], &mode) != 0) return js_int(env, -EINVAL);
  return js_int(env, fchmod(fd, (mode_t)mode) == 0 ? 0 : -errno);
}

/*
 * The arguments of pread and pwrite, (fd, buffer, offset, length, position), checked: the bytes
 * named lie inside the buffer. False when they do not (EINVAL).
 */
static int io_args(napi_env env, napi_callback_info info, int32_t *fd, char **bytes, size_t *length, off_t *position) {
  napi_value args[5];
  void *data;
  size_t size;
  int32_t offset, count;
  double at;
  if (!js_args(env, info, 5, args) || napi_get_value_int32(env, args[0], fd) != 0 || napi_get_buffer_info(env, args[1], &data, &size) != 0 ||
      napi_get_value_int32(env, args[2], &offset) != 0 || napi_get_value_int32(env, args[3], &count) != 0 ||
      napi_get_value_double(env, args[4], &at) != 0)
    return 0;
  if (offset < 0 || count < 0 || (size_t)offset > size || (size_t)count > size - (size_t)offset || !(at >= 0 && at <= 9007199254740991.0)) return 0;
  *bytes = (char *)data + offset;
  *length = (size_t)count;
  *position = (off_t)at;
  return 1;
}

/* pread(fd, buffer, offset, length, position): the bytes read into buffer[offset..], or -errno. */
napi_value uid_pread(napi_env env, napi_callback_info info) {
  int32_t fd;
  char *bytes;
  size_t length;
  off_t position;
  if (!io_args(env, info, &fd, &bytes, &length, &position)) return js_int(env, -EINVAL);
  ssize_t n;
  do n = pread(fd, bytes, length, position);
  while (n < 0 && errno == EINTR);
  return js_int(env, n >= 0 ? (int32_t)n : -errno);
}

/* pwrite(fd, buffer, offset, length, position): the bytes written from buffer[offset..], or -errno. */
napi_value uid_pwrite(napi_env env, napi_callback_info info) {
  int32_t fd;
  char *bytes;
  size_t length;
  off_t position;
  if (!io_args(env, info, &fd, &bytes, &length, &position)) return js_int(env, -EINVAL);
  ssize_t n;
  do n = pwrite(fd, bytes, length, position);
  while (n < 0 && errno == EINTR);
  return js_int(env, n >= 0 ? (int32_t)n : -errno);
}

/* mkdtemp(prefix): a new directory (0700) named prefix and six random characters, or -errno. */
napi_value uid_mkdtemp(napi_env env, napi_callback_info info) {
  napi_value args[1];
  char *prefix = path_arg(env, info, 1, args);
  if (prefix == NULL) return js_int(env, -EINVAL);
  size_t length = strlen(prefix);
  char *name = malloc(length + 7);
  if (name == NULL) {
    free(prefix);
    return js_int(env, -ENOMEM);
  }
  memcpy(name, prefix, length);
  memcpy(name + length, "XXXXXX", 7);
  free(prefix);
  napi_value result;
  if (mkdtemp(name) == NULL) result = js_int(env, -errno);
  else if (napi_create_string_utf8(env, name, strlen(name), &result) != 0) result = js_int(env, -ENOMEM);
  free(name);
  return result;
}

/* Copies all of `from` to `to` (both open), by the kernel where it can; 0 or -errno. */
static int copy_all(int from, int to) {
  int copied = 0;
  for (;;) {
    ssize_t n = copy_file_range(from, NULL, to, NULL, 1 << 30, 0);
    if (n > 0) {
      copied = 1;
      continue;
    }
    if (n == 0) {
      if (copied) return 0;
      break; /* nothing at all: an empty file, or one the kernel will not copy (procfs): read tells */
    }
    if (errno == EINTR) continue;
    if (errno != ENOSYS && errno != EXDEV && errno != EINVAL && errno != EOPNOTSUPP) return -errno;
    break;
  }
  /* No kernel copy between these files (an older kernel, another file system): read and write. */
  char buffer[65536];
  for (;;) {
    ssize_t n = read(from, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0 ? 0 : -errno;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(to, buffer + done, (size_t)(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return -errno;
      done += w;
    }
  }
}

/*
 * copyNew(source, target, mode): target created (never an existing file, never through a
 * symlink), a copy of source, with exactly `mode`; 0 or -errno. A failed copy leaves no target,
 * as libuv's copyfile does.
 */
napi_value uid_copy_new(napi_env env, napi_callback_info info) {
  napi_value args[3];
  int32_t mode;
  char *source = path_arg(env, info, 3, args);
  char *target = source == NULL ? NULL : c_string(env, args[1]);
  if (target == NULL || napi_get_value_int32(env, args[2], &mode) != 0) {
    free(source);
    free(target);
    return js_int(env, -EINVAL);
  }
  int result = 0;
  int from = open(source, O_RDONLY | O_CLOEXEC);
  if (from < 0) result = -errno;
  else {
    int to = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
    if (to < 0) result = -errno;
    else {
      /* open's mode passes through the umask; the copy's mode is exact. */
      result = fchmod(to, (mode_t)mode) == 0 ? copy_all(from, to) : -errno;
      if (close(to) != 0 && result == 0) result = -errno;
      if (result != 0) unlink(target);
    }
    close(from);
  }
  free(source);
  free(target);
  return js_int(env, result);
}

/* Reads exactly `length` bytes at `position` into `bytes`; 0, -errno, or 1 when the file ends first. */
static int read_at(int fd, char *bytes, size_t length, off_t position) {
  while (length > 0) {
    ssize_t n = pread(fd, bytes, length, position);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0 ? 1 : -errno;
    bytes += n;
    length -= (size_t)n;
    position += n;
  }
  return 0;
}

/*
 * codeCache(file, source): V8's data from the code cache `file` (bin/uid-entrypoint.cjs says
 * its format: a 4-byte little-endian length, the bundle's text, the data) as a Buffer, when the
 * text kept there is `source` in UTF-8, byte for byte (the writer keeps only ASCII text); 0 when
 * it is another (stale); -errno when the file cannot be read. The launcher's check, without the
 * Buffer methods it costs in JavaScript; the data is read straight into the Buffer V8 takes.
 */
napi_value uid_code_cache(napi_env env, napi_callback_info info) {
  napi_value args[2];
  size_t length;
  char *path = path_arg(env, info, 2, args);
  if (path == NULL || napi_get_value_string_utf8(env, args[1], NULL, 0, &length) != 0) {
    free(path);
    return js_int(env, -EINVAL);
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  free(path);
  if (fd < 0) return js_int(env, -errno);
  struct stat st;
  unsigned char head[4];
  char *kept = NULL, *source = NULL;
  size_t copied;
  napi_value result = js_int(env, 0);
  int read = fstat(fd, &st) == 0 ? read_at(fd, (char *)head, 4, 0) : -errno;
  if (read < 0) result = js_int(env, read);
  else if (read == 0 && ((size_t)head[0] | (size_t)head[1] << 8 | (size_t)head[2] << 16 | (size_t)head[3] << 24) == length &&
           (size_t)st.st_size - 4 >= length && (kept = malloc(length + 1)) != NULL && (source = malloc(length + 1)) != NULL &&
           (read = read_at(fd, kept, length, 4)) == 0 && napi_get_value_string_utf8(env, args[1], source, length + 1, &copied) == 0 &&
           copied == length && memcmp(kept, source, length) == 0) {
    size_t size = (size_t)st.st_size - 4 - length;
    void *data;
    if (napi_create_buffer(env, size, &data, &result) != 0) result = js_int(env, -ENOMEM);
    else if ((read = read_at(fd, data, size, (off_t)(4 + length))) != 0) result = js_int(env, read < 0 ? read : 0);
  } else if (read < 0) result = js_int(env, read);
  free(kept);
  free(source);
  close(fd);
  return result;
}
