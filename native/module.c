/*
 * The addon's module: what it exports, and the helpers its functions share. Node looks up
 * napi_register_module_v1 in an addon that does not register itself.
 */
#include <stdlib.h>
#include <string.h>

#include "napi.h"

char *c_string(napi_env env, napi_value value) {
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

napi_value js_int(napi_env env, int value) {
  napi_value result;
  napi_create_int32(env, value, &result);
  return result;
}

static void export(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  if (napi_create_function(env, name, strlen(name), cb, NULL, &fn) == 0) napi_set_named_property(env, exports, name, fn);
}

__attribute__((visibility("default"))) napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  export(env, exports, "execve", execve_js);
  export(env, exports, "bindLock", bind_lock_js);
  export(env, exports, "releaseLock", release_lock_js);
  export(env, exports, "lookupUser", lookup_user_js);
  export(env, exports, "lookupGroup", lookup_group_js);
  export(env, exports, "plainPasswd", plain_passwd_js);
  return exports;
}
