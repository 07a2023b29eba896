/*
 * execve(2) for Node, as a Node-API addon: execve(file, argv, env) replaces the process and returns
 * only when the kernel refused, with errno. It does what Node 24's own process.execve does in C++
 * (stdin, stdout and stderr kept open across the exec, then execve) without what process.execve
 * does first in JavaScript: loading Node's worker and stream modules to ask whether this is the
 * main thread, 3-4 ms of every container start (bench/README.md). And Node 20, which has no
 * process.execve, gets an exec instead of staying behind as COMMAND's parent.
 *
 * Node-API is the stable C ABI every Node since 10 exports, so one build serves every Node on the
 * machine. The few declarations it needs are written out below: the build needs a C compiler and
 * nothing from Node. build.mjs compiles it; without a compiler there is no addon, and the
 * entrypoint uses process.execve, or spawns (src/addon.ts).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* From Node-API's js_native_api.h and node_api.h (version 1, stable). */
typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status; /* napi_ok is 0 */
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);
extern napi_status napi_get_cb_info(napi_env, napi_callback_info, size_t *argc, napi_value *argv, napi_value *this_arg, void **data);
extern napi_status napi_get_value_string_utf8(napi_env, napi_value, char *buf, size_t bufsize, size_t *result);
extern napi_status napi_get_array_length(napi_env, napi_value, unsigned int *result);
extern napi_status napi_get_element(napi_env, napi_value, unsigned int index, napi_value *result);
extern napi_status napi_create_int32(napi_env, int value, napi_value *result);
extern napi_status napi_create_function(napi_env, const char *name, size_t length, napi_callback cb, void *data, napi_value *result);
extern napi_status napi_set_named_property(napi_env, napi_value object, const char *name, napi_value value);

/*
 * A JavaScript string as a C string, or NULL when it is not a string, holds a NUL (the C string
 * would end early: exec something other than asked) or memory runs out.
 */
static char *c_string(napi_env env, napi_value value) {
  size_t length;
  if (napi_get_value_string_utf8(env, value, NULL, 0, &length) != 0) return NULL;
  char *text = malloc(length + 1);
  if (text == NULL) return NULL;
  if (napi_get_value_string_utf8(env, value, text, length + 1, &length) != 0 || strlen(text) != length) {
    free(text);
    return NULL;
  }
  return text;
}

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
static napi_value execve_js(napi_env env, napi_callback_info info) {
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
  napi_value result;
  napi_create_int32(env, error, &result);
  return result;
}

/* Node looks this symbol up in an addon that does not register itself. */
__attribute__((visibility("default"))) napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "execve", 6, execve_js, NULL, &fn) == 0) napi_set_named_property(env, exports, "execve", fn);
  return exports;
}
