/* umount2Async(target, flags): Promise<void>, umount2(2) in libuv's thread
 * pool. Unmounting an overlay waits in the kernel (RCU grace periods, the
 * upper file system's sync): 5-16 ms here, during which the main thread
 * could be stopping the next container of a `down`. Rejects as umount2
 * throws (message "umount2 TARGET: strerror", errno and code set).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <node_api.h>
#include "hostcalls.h"

struct job
{
  napi_async_work work;
  napi_deferred deferred;
  char *target;
  int flags;
  int err;
};

static void run (napi_env env, void *data)
{
  struct job *j = data;
  (void) env;
  j->err = umount2 (j->target, j->flags) < 0 ? errno : 0;
}

static void settle (napi_env env, napi_status status, void *data)
{
  struct job *j = data;
  napi_value v;
  if (status == napi_ok && j->err == 0)
    {
      napi_get_undefined (env, &v);
      napi_resolve_deferred (env, j->deferred, v);
    }
  else
    {
      v = errno_error (env, "umount2", j->target, status == napi_ok ? j->err : ECANCELED);
      if (v == NULL)
        napi_get_and_clear_last_exception (env, &v);
      napi_reject_deferred (env, j->deferred, v);
    }
  napi_delete_async_work (env, j->work);
  free (j->target);
  free (j);
}

napi_value do_umount2_async (napi_env env, napi_callback_info info)
{
  napi_value argv[2], promise, name;
  size_t argc = 2;
  struct job *j;
  if (napi_get_cb_info (env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2)
    {
      napi_throw_type_error (env, NULL, "wrong number of arguments");
      return NULL;
    }
  j = calloc (1, sizeof *j);
  if (j == NULL)
    {
      napi_throw_error (env, NULL, "calloc");
      return NULL;
    }
  if (napi_get_value_int32 (env, argv[1], &j->flags) != napi_ok)
    {
      free (j);
      napi_throw_type_error (env, NULL, "flags must be a number");
      return NULL;
    }
  j->target = string_arg (env, argv[0]);
  if (j->target == NULL)
    {
      free (j);
      return NULL;
    }
  if (napi_create_string_utf8 (env, "umount2", NAPI_AUTO_LENGTH, &name) != napi_ok
      || napi_create_async_work (env, NULL, name, run, settle, j, &j->work) != napi_ok)
    {
      free (j->target);
      free (j);
      napi_throw_error (env, NULL, "could not create the umount2 work");
      return NULL;
    }
  if (napi_create_promise (env, &j->deferred, &promise) != napi_ok || napi_queue_async_work (env, j->work) != napi_ok)
    {
      /* Queued never: nothing will settle the promise, so it is not handed out. */
      napi_delete_async_work (env, j->work);
      free (j->target);
      free (j);
      napi_throw_error (env, NULL, "could not queue umount2");
      return NULL;
    }
  return promise;
}
