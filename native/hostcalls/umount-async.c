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
#include "async-job.h"
#include "hostcalls.h"

struct umount_job
{
  struct async_job base;
  char *target;
  int flags;
};

static void execute (struct async_job *base)
{
  struct umount_job *j = (struct umount_job *) base;
  if (umount2 (j->target, j->flags) < 0)
    {
      base->err = errno;
      base->err_path = j->target;
    }
}

static void release (struct async_job *base)
{
  struct umount_job *j = (struct umount_job *) base;
  free (j->target);
  free (j);
}

napi_value do_umount2_async (napi_env env, napi_callback_info info)
{
  napi_value argv[2];
  struct umount_job *j = new_job (env, info, 2, argv, sizeof *j);
  if (j == NULL)
    return NULL;
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
  j->base.what = "umount2";
  j->base.err_path = j->target;
  j->base.execute = execute;
  j->base.release = release;
  return queue_job (env, &j->base);
}
