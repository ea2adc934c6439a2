/* removeTreeAsync(path): Promise<void>, `rm -rf --one-file-system PATH` in
 * libuv's thread pool. fs.rm's recursive removal is a walk in JavaScript:
 * every lstat, readdir, unlink and rmdir a separate trip through the pool
 * and back to the main thread, which during a `down` is busy stopping the
 * next container; here the whole walk is one trip. The walk stays on the
 * file system it starts on and follows no symlink, so a mount left inside
 * (a bind a failed unmount kept) fails the removal, with the directory that
 * held it, instead of emptying what is mounted there. A path that does not
 * exist is removed already. Rejects with "remove PATH: strerror", errno and
 * code set, naming the entry that could not go.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <node_api.h>
#include "async-job.h"
#include "hostcalls.h"

/* File descriptors nftw may keep open: one per directory level it descends. */
#define OPEN_DIRS 16

struct tree_job
{
  struct async_job base;
  char *path;
  char failed[PATH_MAX];
};

/* nftw's callback takes no context; each pool thread walks one tree at a time. */
static __thread struct tree_job *walking;

static int remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void) st;
  (void) ftw;
  /* A directory it could not read (FTW_DNR) is tried as a directory: rmdir says why it stays. */
  if ((flag == FTW_DP || flag == FTW_DNR ? rmdir (path) : unlink (path)) == 0 || errno == ENOENT)
    return 0;
  walking->base.err = errno;
  snprintf (walking->failed, sizeof walking->failed, "%s", path);
  return 1;
}

static void execute (struct async_job *base)
{
  struct tree_job *j = (struct tree_job *) base;
  struct stat st;
  if (lstat (j->path, &st) < 0)
    {
      if (errno != ENOENT)
        base->err = errno;
      return;
    }
  walking = j;
  if (nftw (j->path, remove_entry, OPEN_DIRS, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0 && base->err == 0)
    base->err = errno;
  walking = NULL;
  /* Entries of another file system are skipped by the walk: their directory cannot go. */
  if (base->err == 0 && lstat (j->path, &st) == 0)
    base->err = EBUSY;
}

static void release (struct async_job *base)
{
  struct tree_job *j = (struct tree_job *) base;
  free (j->path);
  free (j);
}

napi_value do_remove_tree_async (napi_env env, napi_callback_info info)
{
  napi_value argv[1];
  struct tree_job *j = new_job (env, info, 1, argv, sizeof *j);
  if (j == NULL)
    return NULL;
  j->path = string_arg (env, argv[0]);
  if (j->path == NULL)
    {
      free (j);
      return NULL;
    }
  snprintf (j->failed, sizeof j->failed, "%s", j->path);
  j->base.what = "remove";
  j->base.err_path = j->failed;
  j->base.execute = execute;
  j->base.release = release;
  return queue_job (env, &j->base);
}
