/*
 * execve(2) for Node: execve(file, argv, env) replaces the process and returns only when the
 * kernel refused, with -errno. It does what Node 24's own process.execve does in C++
 * (stdin, stdout and stderr kept open across the exec, then execve) without what process.execve
 * does first in JavaScript: loading Node's worker and stream modules to ask whether this is the
 * main thread, 3-4 ms of every container start (bench/README.md). And Node 20, which has no
 * process.execve, gets an exec instead of staying behind as COMMAND's parent.
 *
 * build.mjs compiles it into the addon (addon.c); without a C compiler there is no addon, and the
 * entrypoint uses process.execve, or spawns (src/addon.ts).
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <unistd.h>

#include "node_api.h"

static void free_strings(char **list) {
  if (list == NULL) return;
  for (char **p = list; *p != NULL; p++) free(*p);
  free(list);
}

/* A JavaScript array of strings as a NULL-terminated C array, or NULL (see c_string). */
static char **c_strings(napi_env env, napi_value array) {
  unsigned int count;
  if (napi_get_array_length(env, array, &count) != 0) return NULL;
  char **list = calloc((size_t)count + 1, sizeof *list);
  if (list == NULL) return NULL;
  for (unsigned int i = 0; i < count; i++) {
    napi_value item;
    if (napi_get_element(env, array, i, &item) != 0 || (list[i] = c_string(env, item)) == NULL) {
      free_strings(list);
      return NULL;
    }
  }
  return list;
}

/* Clears FD_CLOEXEC on fd (Node sets it on the standard streams), so the new program has it. */
static int keep_across_exec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) return errno == EBADF ? 0 : -1; /* closed: nothing to keep */
  return (flags & FD_CLOEXEC) ? fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) : 0;
}

/* execve(file: string, argv: string[], env: string[]): number, -errno, when it returns at all. */
napi_value uid_execve(napi_env env, napi_callback_info info) {
  napi_value args[3];
  int error = EINVAL;
  char *file = NULL;
  char **argv = NULL;
  char **envp = NULL;
  if (js_args(env, info, 3, args) && (file = c_string(env, args[0])) != NULL &&
      (argv = c_strings(env, args[1])) != NULL && (envp = c_strings(env, args[2])) != NULL) {
    if (keep_across_exec(0) == 0 && keep_across_exec(1) == 0 && keep_across_exec(2) == 0) execve(file, argv, envp);
    error = errno;
  }
  free(file);
  free_strings(argv);
  free_strings(envp);
  return js_int(env, -error);
}
