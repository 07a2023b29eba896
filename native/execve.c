/*
 * execve(2) for Node: execve(file, argv, env) replaces the process and returns only when the
 * kernel refused, with the errno. It does what Node's own process.execve does in C++ (stdin,
 * stdout and stderr kept open across the exec, then execve) without what process.execve does
 * first in JavaScript: load Node's worker and stream modules to ask whether this is the main
 * thread, on every container start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "napi.h"

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

/* execve(file: string, argv: string[], env: string[]): number, the errno, when it returns at all. */
napi_value execve_js(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value args[3];
  int error = EINVAL;
  char *file = NULL;
  char **argv = NULL;
  char **envp = NULL;
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) == 0 && argc == 3 && (file = c_string(env, args[0])) != NULL &&
      (argv = c_strings(env, args[1])) != NULL && (envp = c_strings(env, args[2])) != NULL) {
    if (keep_across_exec(0) == 0 && keep_across_exec(1) == 0 && keep_across_exec(2) == 0) execve(file, argv, envp);
    error = errno;
  }
  free(file);
  free_strings(argv);
  free_strings(envp);
  return js_int(env, error);
}
