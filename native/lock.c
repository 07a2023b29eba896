/*
 * The passwd-mode lock's system calls: bind a UNIX socket to an abstract address (Linux), which a
 * second bind anywhere in the same network namespace refuses with EADDRINUSE, and which the kernel
 * frees when the socket is closed or its process dies. node:net does the same through its public
 * API (src/lock.ts falls back to it), but loads its stream internals, cluster and child_process on
 * every passwd-mode start to do so.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "napi.h"

/* bindLock(name: string): number, the socket's descriptor, or minus the errno. */
napi_value bind_lock_js(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value args[1];
  char *name = NULL;
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != 0 || argc != 1 || (name = c_string(env, args[0])) == NULL)
    return js_int(env, -EINVAL);
  struct sockaddr_un address;
  size_t length = strlen(name);
  if (length + 1 > sizeof address.sun_path) {
    free(name);
    return js_int(env, -ENAMETOOLONG);
  }
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  /* A leading NUL: the abstract namespace, no file. The address is exactly the NUL and the name, as
   * node:net binds "\0name", so the two ways lock each other out. */
  memcpy(address.sun_path + 1, name, length);
  free(name);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return js_int(env, -errno);
  if (bind(fd, (struct sockaddr *)&address, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length)) != 0) {
    int error = errno;
    close(fd);
    return js_int(env, -error);
  }
  return js_int(env, fd);
}

/* releaseLock(fd: number): number, 0 or minus the errno. */
napi_value release_lock_js(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value args[1];
  int fd;
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != 0 || argc != 1 || napi_get_value_int32(env, args[0], &fd) != 0)
    return js_int(env, -EINVAL);
  return js_int(env, close(fd) == 0 ? 0 : -errno);
}
