/* tscompose-payload: a static program used as the entrypoint of test
 * containers, so runtime tests observe the container from inside without a
 * distro image. Each subcommand prints one JSON document or behaves in one
 * simple way (sleep, exit, trap a signal, make orphans). */
#ifndef PAYLOAD_H
#define PAYLOAD_H

int cmd_report(int argc, char **argv, char **envp);
int cmd_probe(int argc, char **argv);
int cmd_recvtty(int argc, char **argv);

#endif
