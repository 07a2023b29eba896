/*
 * The C library's answer for a UID or a GID (getpwuid_r, getgrgid_r): the same lookup
 * os.userInfo() makes for a user, through NSS, so files, nss_wrapper, LDAP and sssd count. Node
 * has no public API for a group's name; for a user, os.userInfo() answers a UID without an entry,
 * the case this tool exists for, by throwing.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "napi.h"

/* The buffer getpwuid_r and getgrgid_r fill, grown while they answer ERANGE; NULL with errno on failure. */
static char *grow(char *buffer, size_t *size) {
  size_t next = *size == 0 ? 1024 : *size * 2;
  if (next > (size_t)1 << 24) {
    free(buffer);
    errno = ERANGE;
    return NULL;
  }
  char *bigger = realloc(buffer, next);
  if (bigger == NULL) free(buffer);
  *size = next;
  return bigger;
}

static int id_arg(napi_env env, napi_callback_info info, unsigned int *id) {
  size_t argc = 1;
  napi_value args[1];
  return napi_get_cb_info(env, info, &argc, args, NULL, NULL) == 0 && argc == 1 &&
         napi_get_value_uint32(env, args[0], id) == 0;
}

/* The bytes of a field, one JavaScript character each (latin1), as the files are read in src/. */
static napi_value text(napi_env env, const char *value) {
  napi_value result;
  napi_create_string_latin1(env, value == NULL ? "" : value, (size_t)-1, &result);
  return result;
}

/*
 * lookupUser(uid): [name, password, uid, gid, gecos, home, shell] for the first entry the C
 * library has for `uid`; null when it has none; the errno when the lookup itself failed.
 */
napi_value lookup_user_js(napi_env env, napi_callback_info info) {
  unsigned int uid;
  if (!id_arg(env, info, &uid)) return js_int(env, EINVAL);
  struct passwd entry;
  struct passwd *found = NULL;
  char *buffer = NULL;
  size_t size = 0;
  int error;
  do {
    if ((buffer = grow(buffer, &size)) == NULL) return js_int(env, errno);
    error = getpwuid_r((uid_t)uid, &entry, buffer, size, &found);
  } while (error == ERANGE);
  napi_value result;
  if (error != 0) {
    result = js_int(env, error);
  } else if (found == NULL) {
    napi_get_null(env, &result);
  } else {
    napi_create_array_with_length(env, 7, &result);
    napi_value uid_value, gid_value;
    napi_create_uint32(env, entry.pw_uid, &uid_value);
    napi_create_uint32(env, entry.pw_gid, &gid_value);
    napi_value fields[7] = {text(env, entry.pw_name), text(env, entry.pw_passwd), uid_value,  gid_value,
                            text(env, entry.pw_gecos), text(env, entry.pw_dir),  text(env, entry.pw_shell)};
    for (unsigned int i = 0; i < 7; i++) napi_set_element(env, result, i, fields[i]);
  }
  free(buffer);
  return result;
}

/* lookupGroup(gid): the name of the first group the C library has for `gid`; null; or the errno. */
napi_value lookup_group_js(napi_env env, napi_callback_info info) {
  unsigned int gid;
  if (!id_arg(env, info, &gid)) return js_int(env, EINVAL);
  struct group entry;
  struct group *found = NULL;
  char *buffer = NULL;
  size_t size = 0;
  int error;
  do {
    if ((buffer = grow(buffer, &size)) == NULL) return js_int(env, errno);
    error = getgrgid_r((gid_t)gid, &entry, buffer, size, &found);
  } while (error == ERANGE);
  napi_value result;
  if (error != 0) {
    result = js_int(env, error);
  } else if (found == NULL) {
    napi_get_null(env, &result);
  } else {
    result = text(env, entry.gr_name);
  }
  free(buffer);
  return result;
}
