#!/bin/sh
# A stand-in OCI runtime for the monitor's unprivileged tests: `create` starts
# BUNDLE/run.sh in the background with the runtime's stdio and writes its pid,
# as a real runtime leaves the container's init behind; BUNDLE/fail makes it fail.
while [ $# -gt 0 ]; do
  case "$1" in
    --root|--bundle|--pid-file|--console-socket) eval "opt_$(echo "$1" | tr -d - | tr a-z A-Z)=\$2"; shift 2 ;;
    create) shift ;;
    *) id=$1; shift ;;
  esac
done
if [ -f "$opt_BUNDLE/fail" ]; then
  echo "fake-runtime: cannot create $id: $(cat "$opt_BUNDLE/fail")" >&2
  exit 1
fi
# A background job would get /dev/null as stdin; keep the real one through fd 3.
exec 3<&0
sh "$opt_BUNDLE/run.sh" 0<&3 3<&- &
echo $! > "$opt_PIDFILE"
