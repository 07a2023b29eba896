/*
 * Whether every line of a passwd file is empty or one that nss_wrapper reads as glibc does, so
 * that nss_wrapper's copy may be the file's own bytes: the rule of src/nsscopy.ts (PLAIN_PASSWD),
 * which answers where there is no addon. In C because a 100,000-line passwd takes a cold Node tens
 * of milliseconds to read and scan; test/nsscopy.test.ts holds both to one table.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "napi.h"

/* The rule: a name that does not start with a blank, '#', '+', '-' or ':'; no NUL; at least six
 * colons; the UID and GID (the third and fourth fields) decimal, 1 to 9 digits, no leading zero.
 * The fields after the GID are skipped with memchr, which is what keeps a large file fast. */
static bool plain_passwd(const unsigned char *b, size_t n) {
  if (memchr(b, '\0', n) != NULL) return false;
  const unsigned char *p = b;
  const unsigned char *end = b + n;
  while (p < end) {
    const unsigned char *eol = memchr(p, '\n', (size_t)(end - p));
    if (eol == NULL) eol = end;
    if (p == eol) {
      p = eol + 1;
      continue;
    }
    unsigned char first = *p;
    if (first == ' ' || first == '\t' || first == '\v' || first == '\f' || first == '\r' || first == '#' ||
        first == '+' || first == '-' || first == ':')
      return false;
    /* Name and password: up to their colons. */
    for (int field = 0; field < 2; field++) {
      const unsigned char *colon = memchr(p, ':', (size_t)(eol - p));
      if (colon == NULL) return false;
      p = colon + 1;
    }
    /* UID and GID: digits up to their colons. */
    for (int field = 0; field < 2; field++) {
      const unsigned char *start = p;
      while (p < eol && *p >= '0' && *p <= '9') p++;
      size_t digits = (size_t)(p - start);
      if (p == eol || *p != ':' || digits == 0 || digits > 9 || (digits > 1 && *start == '0')) return false;
      p++;
    }
    /* GECOS and home: two more colons; the shell is the rest. */
    for (int field = 0; field < 2; field++) {
      const unsigned char *colon = memchr(p, ':', (size_t)(eol - p));
      if (colon == NULL) return false;
      p = colon + 1;
    }
    p = eol + 1;
  }
  return true;
}

/*
 * plainPasswd(path: string): boolean, false too when the file cannot be read. The file is mapped,
 * not read: a large one is never copied into memory of this process.
 */
napi_value plain_passwd_js(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value args[1];
  char *path = NULL;
  bool plain = false;
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) == 0 && argc == 1 && (path = c_string(env, args[0])) != NULL) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      if (st.st_size == 0) {
        plain = true;
      } else {
        void *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (data != MAP_FAILED) {
          plain = plain_passwd(data, (size_t)st.st_size);
          munmap(data, (size_t)st.st_size);
        }
      }
    }
    if (fd >= 0) close(fd);
    free(path);
  }
  napi_value result;
  napi_get_boolean(env, plain, &result);
  return result;
}
