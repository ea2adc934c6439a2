/* tscompose-hostcalls.node: mount(2) and umount2(2) for the engine, on the
 * calling (main) thread. Both are quick system calls; a process per call
 * (fork of the Node process, exec of mount or umount) cost the CLI far
 * more than the call itself.
 *
 *   umount2(target: string, flags: number): void
 *   umount2Async(target: string, flags: number): Promise<void>  (umount-async.c)
 *   removeTreeAsync(path: string): Promise<void>                 (remove-tree-async.c)
 *   netlinkAsync(protocol: number, message: Buffer): Promise<Buffer>  (netlink-async.c)
 *   mount(source: string, target: string, fstype: string, flags: number, data: string): void
 *   releaseFilePagesAsync(): Promise<number>                     (page-out.c)
 *
 * A failure throws an Error whose message is "umount2 TARGET: strerror"
 * and whose `errno` and `code` (the errno's name) say which.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <node_api.h>
#include "hostcalls.h"

#define MAX_ARGS 5

/* An Error for a failed call, with `errno` and `code` set; NULL (an exception pending) when one cannot be made. */
napi_value errno_error (napi_env env, const char *what, const char *path, int err)
{
  char msg[4200];
  napi_value error, message, code, num;
  const char *name = strerrorname_np (err);
  snprintf (msg, sizeof msg, "%s %s: %s", what, path, strerror (err));
  if (napi_create_string_utf8 (env, msg, NAPI_AUTO_LENGTH, &message) != napi_ok
      || napi_create_string_utf8 (env, name ? name : "EUNKNOWN", NAPI_AUTO_LENGTH, &code) != napi_ok
      || napi_create_error (env, code, message, &error) != napi_ok
      || napi_create_int32 (env, err, &num) != napi_ok
      || napi_set_named_property (env, error, "errno", num) != napi_ok)
    {
      napi_throw_error (env, "EUNKNOWN", msg);
      return NULL;
    }
  return error;
}

static napi_value throw_errno (napi_env env, const char *what, const char *path, int err)
{
  napi_value error = errno_error (env, what, path, err);
  if (error != NULL)
    napi_throw (env, error);
  return NULL;
}

/* argv[i] as a malloc'd string; NULL (with a JS exception pending) when it is not one. */
char *string_arg (napi_env env, napi_value v)
{
  size_t len = 0;
  char *s;
  if (napi_get_value_string_utf8 (env, v, NULL, 0, &len) != napi_ok)
    {
      napi_throw_type_error (env, NULL, "expected a string");
      return NULL;
    }
  s = malloc (len + 1);
  if (s == NULL)
    {
      napi_throw_error (env, NULL, "malloc");
      return NULL;
    }
  napi_get_value_string_utf8 (env, v, s, len + 1, &len);
  return s;
}

static int args (napi_env env, napi_callback_info info, size_t want, napi_value *argv)
{
  size_t argc = MAX_ARGS;
  if (napi_get_cb_info (env, info, &argc, argv, NULL, NULL) != napi_ok || argc != want)
    {
      napi_throw_type_error (env, NULL, "wrong number of arguments");
      return -1;
    }
  return 0;
}

static napi_value do_umount2 (napi_env env, napi_callback_info info)
{
  napi_value argv[MAX_ARGS];
  int32_t flags = 0;
  char *target;
  if (args (env, info, 2, argv) < 0)
    return NULL;
  if (napi_get_value_int32 (env, argv[1], &flags) != napi_ok)
    {
      napi_throw_type_error (env, NULL, "flags must be a number");
      return NULL;
    }
  target = string_arg (env, argv[0]);
  if (target == NULL)
    return NULL;
  if (umount2 (target, flags) < 0)
    {
      int err = errno;
      throw_errno (env, "umount2", target, err);
      free (target);
      return NULL;
    }
  free (target);
  return NULL;
}

static napi_value do_mount (napi_env env, napi_callback_info info)
{
  napi_value argv[MAX_ARGS];
  char *s[4] = { NULL, NULL, NULL, NULL };
  int32_t flags = 0;
  int err = 0;
  if (args (env, info, 5, argv) < 0)
    return NULL;
  if (napi_get_value_int32 (env, argv[3], &flags) != napi_ok)
    {
      napi_throw_type_error (env, NULL, "flags must be a number");
      return NULL;
    }
  for (int i = 0; i < 4; i++)
    {
      s[i] = string_arg (env, argv[i < 3 ? i : 4]);
      if (s[i] == NULL)
        goto out;
    }
  if (mount (s[0], s[1], s[2], (unsigned long) (uint32_t) flags, s[3]) < 0)
    err = errno;
  if (err != 0)
    throw_errno (env, "mount", s[1], err);
out:
  for (int i = 0; i < 4; i++)
    free (s[i]);
  return NULL;
}

NAPI_MODULE_INIT ()
{
  napi_value fn;
  if (napi_create_function (env, "umount2", NAPI_AUTO_LENGTH, do_umount2, NULL, &fn) != napi_ok
      || napi_set_named_property (env, exports, "umount2", fn) != napi_ok
      || napi_create_function (env, "umount2Async", NAPI_AUTO_LENGTH, do_umount2_async, NULL, &fn) != napi_ok
      || napi_set_named_property (env, exports, "umount2Async", fn) != napi_ok
      || napi_create_function (env, "removeTreeAsync", NAPI_AUTO_LENGTH, do_remove_tree_async, NULL, &fn) != napi_ok
      || napi_set_named_property (env, exports, "removeTreeAsync", fn) != napi_ok
      || napi_create_function (env, "netlinkAsync", NAPI_AUTO_LENGTH, do_netlink_async, NULL, &fn) != napi_ok
      || napi_set_named_property (env, exports, "netlinkAsync", fn) != napi_ok
      || napi_create_function (env, "mount", NAPI_AUTO_LENGTH, do_mount, NULL, &fn) != napi_ok
      || napi_set_named_property (env, exports, "mount", fn) != napi_ok
      || napi_create_function (env, "releaseFilePagesAsync", NAPI_AUTO_LENGTH, do_release_file_pages_async, NULL, &fn) != napi_ok
      || napi_set_named_property (env, exports, "releaseFilePagesAsync", fn) != napi_ok)
    return NULL;
  return exports;
}
