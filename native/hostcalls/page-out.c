/* releaseFilePagesAsync(): Promise<number>, the KiB of this process's
 * read-only file mappings handed back to the kernel with madvise(MADV_PAGEOUT),
 * in libuv's thread pool (the kernel takes 30-75 ms over node's mappings).
 *
 * A long-lived Node process (the project supervisor) keeps resident every
 * page of the node binary that its start-up touched: about 36 MiB, of which
 * its once-a-second poll uses a third. The pages are clean copies of files,
 * so the kernel can drop them and fault back in what is used again; only
 * mappings that are not writable are advised, so no private data is lost.
 * Pages that another process maps too (another node) are left alone by the
 * kernel. A kernel without MADV_PAGEOUT (before 5.4) answers EINVAL:
 * nothing is released and 0 is returned. Another failure rejects with
 * errno and path.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <node_api.h>
#include "async-job.h"
#include "hostcalls.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define MAPS "/proc/self/maps"

/* One line of /proc/self/maps: 1 when it is a read-only mapping of a file, with its range. */
static int file_backed_read_only (const char *line, unsigned long *start, unsigned long *end)
{
  char perms[8];
  unsigned long offset, inode;
  char dev[16];
  if (sscanf (line, "%lx-%lx %7s %lx %15s %lu", start, end, perms, &offset, dev, &inode) != 6)
    return 0;
  return inode != 0 && perms[1] != 'w';
}

/* The KiB advised, or -errno (with the range's failure) when a call failed. */
static long page_out_all (FILE *maps)
{
  char line[4608];
  unsigned long start, end;
  long kib = 0;
  while (fgets (line, sizeof line, maps) != NULL)
    {
      if (!file_backed_read_only (line, &start, &end))
        continue;
      if (madvise ((void *) start, end - start, MADV_PAGEOUT) < 0)
        {
          /* EINVAL: no MADV_PAGEOUT here, or a locked or special mapping: keep it resident. */
          if (errno == EINVAL)
            continue;
          return -errno;
        }
      kib += (long) ((end - start) >> 10);
    }
  return ferror (maps) ? -EIO : kib;
}

struct page_out_job
{
  struct async_job base;
  long kib;
};

static void execute (struct async_job *base)
{
  struct page_out_job *j = (struct page_out_job *) base;
  FILE *maps = fopen (MAPS, "re");
  if (maps == NULL)
    {
      base->err = errno;
      base->what = "open";
      return;
    }
  j->kib = page_out_all (maps);
  fclose (maps);
  if (j->kib < 0)
    base->err = (int) -j->kib;
}

static napi_value result (napi_env env, struct async_job *base)
{
  napi_value v;
  if (napi_create_double (env, (double) ((struct page_out_job *) base)->kib, &v) != napi_ok)
    return NULL;
  return v;
}

static void release (struct async_job *base)
{
  free (base);
}

napi_value do_release_file_pages_async (napi_env env, napi_callback_info info)
{
  struct page_out_job *j = new_job (env, info, 0, NULL, sizeof *j);
  if (j == NULL)
    return NULL;
  j->base.what = "madvise MADV_PAGEOUT";
  j->base.err_path = MAPS;
  j->base.execute = execute;
  j->base.result = result;
  j->base.release = release;
  return queue_job (env, &j->base);
}
