/*
 * The addon's exports: execve (execve.c) and the file system calls of a start (files.c). Node
 * looks napi_register_module_v1 up in an addon that does not register itself.
 */
#include "node_api.h"

static const struct {
  const char *name;
  napi_callback call;
} EXPORTS[] = {
    {"execve", uid_execve}, {"stat", uid_stat},   {"lstat", uid_lstat},     {"fstat", uid_fstat},     {"access", uid_access},
    {"open", uid_open},     {"close", uid_close}, {"pread", uid_pread},     {"pwrite", uid_pwrite},   {"mkdtemp", uid_mkdtemp},
    {"fchmod", uid_fchmod}, {"copyNew", uid_copy_new}, {"codeCache", uid_code_cache},
};

__attribute__((visibility("default"))) napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  for (size_t i = 0; i < sizeof EXPORTS / sizeof EXPORTS[0]; i++) {
    napi_value fn;
    if (napi_create_function(env, EXPORTS[i].name, strlen(EXPORTS[i].name), EXPORTS[i].call, NULL, &fn) == 0) napi_set_named_property(env, exports, EXPORTS[i].name, fn);
  }
  return exports;
}
