/*
 * The few Node-API declarations the addon uses, written out from js_native_api.h and node_api.h
 * (version 1, stable), so the build needs a C compiler and nothing from Node; and the helpers its
 * functions share. Every Node since 10 exports Node-API, so one build serves every Node here.
 */
#ifndef UID_ENTRYPOINT_NODE_API_H
#define UID_ENTRYPOINT_NODE_API_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status; /* napi_ok is 0 */
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);
extern napi_status napi_get_cb_info(napi_env, napi_callback_info, size_t *argc, napi_value *argv, napi_value *this_arg, void **data);
extern napi_status napi_get_value_string_utf8(napi_env, napi_value, char *buf, size_t bufsize, size_t *result);
extern napi_status napi_get_value_int32(napi_env, napi_value, int32_t *result);
extern napi_status napi_get_value_double(napi_env, napi_value, double *result);
extern napi_status napi_get_array_length(napi_env, napi_value, unsigned int *result);
extern napi_status napi_get_element(napi_env, napi_value, unsigned int index, napi_value *result);
extern napi_status napi_get_buffer_info(napi_env, napi_value, void **data, size_t *length);
extern napi_status napi_create_int32(napi_env, int32_t value, napi_value *result);
extern napi_status napi_create_double(napi_env, double value, napi_value *result);
extern napi_status napi_create_string_utf8(napi_env, const char *str, size_t length, napi_value *result);
extern napi_status napi_create_array_with_length(napi_env, size_t length, napi_value *result);
extern napi_status napi_set_element(napi_env, napi_value object, uint32_t index, napi_value value);
extern napi_status napi_create_buffer(napi_env, size_t length, void **data, napi_value *result);
extern napi_status napi_create_function(napi_env, const char *name, size_t length, napi_callback cb, void *data, napi_value *result);
extern napi_status napi_set_named_property(napi_env, napi_value object, const char *name, napi_value value);

/* The functions the addon exports (execve.c, files.c), registered by addon.c. */
napi_value uid_execve(napi_env env, napi_callback_info info);
napi_value uid_stat(napi_env env, napi_callback_info info);
napi_value uid_lstat(napi_env env, napi_callback_info info);
napi_value uid_fstat(napi_env env, napi_callback_info info);
napi_value uid_access(napi_env env, napi_callback_info info);
napi_value uid_open(napi_env env, napi_callback_info info);
napi_value uid_close(napi_env env, napi_callback_info info);
napi_value uid_fchmod(napi_env env, napi_callback_info info);
napi_value uid_pread(napi_env env, napi_callback_info info);
napi_value uid_pwrite(napi_env env, napi_callback_info info);
napi_value uid_mkdtemp(napi_env env, napi_callback_info info);
napi_value uid_copy_new(napi_env env, napi_callback_info info);
napi_value uid_code_cache(napi_env env, napi_callback_info info);

/*
 * A JavaScript string as a C string (free it), or NULL when it is not a string, holds a NUL (the
 * C string would end early: exec or open something other than asked) or memory runs out.
 */
static inline char *c_string(napi_env env, napi_value value) {
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

/* A number for JavaScript: a result (>= 0), or -errno. */
static inline napi_value js_int(napi_env env, int32_t value) {
  napi_value result;
  napi_create_int32(env, value, &result);
  return result;
}

/* The call's arguments, exactly `count` of them; false when there are fewer. */
static inline int js_args(napi_env env, napi_callback_info info, size_t count, napi_value *args) {
  size_t argc = count;
  return napi_get_cb_info(env, info, &argc, args, NULL, NULL) == 0 && argc >= count;
}

#endif
