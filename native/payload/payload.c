#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "out.h"
#include "payload.h"

static volatile sig_atomic_t got;

static void on_signal(int sig) { got = sig; }

/* Exits 100 + the signal's number when one of the usual termination signals arrives. */
static int cmd_trap(void) {
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGHUP, on_signal);
  signal(SIGUSR1, on_signal);
  printf("ready\n");
  fflush(stdout);
  while (!got) pause();
  printf("got signal %d\n", (int)got);
  return 100 + got;
}

/* Leaves n orphans that exit after a moment: a PID 1 that reaps them leaves no zombie. */
static int cmd_orphans(int n) {
  for (int i = 0; i < n; i++) {
    pid_t c = fork();
    if (c == 0) {
      if (fork() == 0) {
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
        _exit(0);
      }
      _exit(0);
    }
    waitpid(c, NULL, 0);
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}

static int cmd_zombies(void) {
  int count = 0;
  for (int pid = 1; pid < 65536; pid++) {
    char path[64], *stat;
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (!(stat = slurp(path))) continue;
    char *rp = strrchr(stat, ')');
    if (rp && rp[1] == ' ' && rp[2] == 'Z') count++;
    free(stat);
  }
  printf("{\"zombies\":%d}\n", count);
  return 0;
}

static void usage(void) {
  fprintf(stderr, "usage: tscompose-payload report|probe|recvtty SOCKET|sleep SECONDS|exit CODE|trap|orphans N|zombies|echo ARGS\n");
}

int main(int argc, char **argv, char **envp) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "report") == 0) return cmd_report(argc, argv, envp);
  if (strcmp(cmd, "probe") == 0) return cmd_probe(argc - 2, argv + 2);
  if (strcmp(cmd, "recvtty") == 0) return cmd_recvtty(argc - 2, argv + 2);
  if (strcmp(cmd, "sleep") == 0) {
    double secs = argc > 2 ? atof(argv[2]) : 1e9;
    struct timespec ts = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
    return 0;
  }
  if (strcmp(cmd, "exit") == 0) return argc > 2 ? atoi(argv[2]) : 0;
  if (strcmp(cmd, "trap") == 0) return cmd_trap();
  if (strcmp(cmd, "orphans") == 0) return cmd_orphans(argc > 2 ? atoi(argv[2]) : 3);
  if (strcmp(cmd, "zombies") == 0) return cmd_zombies();
  if (strcmp(cmd, "echo") == 0) {
    for (int i = 2; i < argc; i++) printf("%s%s", i > 2 ? " " : "", argv[i]);
    printf("\n");
    return 0;
  }
  usage();
  return 2;
}
