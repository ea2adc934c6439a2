#!/usr/bin/env bash
# Regenerates test/fixtures/images/docker-save.tar, a genuine `docker save`
# archive (two layers: an imported rootfs with a hardlink and an absolute
# symlink, then a COPY layer) that the load tests read when dockerd is not
# around. Needs a running dockerd (install-reference-tools.sh --start-dockerd).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/tscti-gen-XXXXXX)
trap 'rm -rf "$work"; docker rmi -f tscti-fixture:v1 tscti-fixture:base >/dev/null 2>&1 || true' EXIT
mkdir -p "$work/root/etc" "$work/root/bin" "$work/ctx"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$work/root/etc/passwd"
printf 'tscti\n' > "$work/root/etc/hostname"
ln "$work/root/etc/passwd" "$work/root/etc/passwd.hard"
ln -s /etc/hostname "$work/root/bin/hostname-link"
tar -C "$work/root" --numeric-owner -c . | docker import --change 'CMD ["/bin/sh"]' --change 'ENV TSCTI=1' - tscti-fixture:base >/dev/null
printf 'copied\n' > "$work/ctx/extra"
printf 'FROM tscti-fixture:base\nCOPY extra /extra\nWORKDIR /srv\nEXPOSE 8080\n' > "$work/ctx/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q -t tscti-fixture:v1 "$work/ctx" >/dev/null
docker save tscti-fixture:v1 -o test/fixtures/images/docker-save.tar
docker image inspect tscti-fixture:v1 --format '{{.Id}}' > test/fixtures/images/docker-save.id
echo "wrote test/fixtures/images/docker-save.tar ($(cat test/fixtures/images/docker-save.id))"
