/*
 * The few Node-API declarations the addon uses, from js_native_api.h and node_api.h (version 1,
 * the stable C ABI every supported Node exports), written out so that the build needs a C compiler
 * and nothing from Node. One build serves every Node on the machine.
 */
#ifndef UID_ENTRYPOINT_NAPI_H
#define UID_ENTRYPOINT_NAPI_H

#include <stddef.h>

typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status; /* napi_ok is 0 */
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);

extern napi_status napi_get_cb_info(napi_env, napi_callback_info, size_t *argc, napi_value *argv, napi_value *this_arg,
                                    void **data);
extern napi_status napi_get_value_string_utf8(napi_env, napi_value, char *buf, size_t bufsize, size_t *result);
extern napi_status napi_get_value_int32(napi_env, napi_value, int *result);
extern napi_status napi_get_value_uint32(napi_env, napi_value, unsigned int *result);
extern napi_status napi_get_array_length(napi_env, napi_value, unsigned int *result);
extern napi_status napi_get_element(napi_env, napi_value, unsigned int index, napi_value *result);
extern napi_status napi_create_int32(napi_env, int value, napi_value *result);
extern napi_status napi_create_uint32(napi_env, unsigned int value, napi_value *result);
extern napi_status napi_create_string_latin1(napi_env, const char *str, size_t length, napi_value *result);
extern napi_status napi_create_array_with_length(napi_env, size_t length, napi_value *result);
extern napi_status napi_set_element(napi_env, napi_value object, unsigned int index, napi_value value);
extern napi_status napi_get_null(napi_env, napi_value *result);
extern napi_status napi_get_boolean(napi_env, _Bool value, napi_value *result);
extern napi_status napi_create_function(napi_env, const char *name, size_t length, napi_callback cb, void *data,
                                        napi_value *result);
extern napi_status napi_set_named_property(napi_env, napi_value object, const char *name, napi_value value);

/*
 * A JavaScript string as a malloc'ed C string, or NULL when it is not a string, holds a NUL (the C
 * string would end early: a different file or name than asked) or memory runs out.
 */
char *c_string(napi_env env, napi_value value);

/* The int32 `value` as a JavaScript number. */
napi_value js_int(napi_env env, int value);

napi_value execve_js(napi_env env, napi_callback_info info);
napi_value bind_lock_js(napi_env env, napi_callback_info info);
napi_value release_lock_js(napi_env env, napi_callback_info info);
napi_value lookup_user_js(napi_env env, napi_callback_info info);
napi_value lookup_group_js(napi_env env, napi_callback_info info);
napi_value plain_passwd_js(napi_env env, napi_callback_info info);

#endif
