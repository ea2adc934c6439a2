#!/usr/bin/env bash
# The README's first command: on a fresh Debian 12 machine, as root, install
# what is missing, build tscompose, make the example's base image (cached
# after the first time) and bring the WEB/WAS/DB stack up, then show that the
# page answers with data that came from PostgreSQL through the app.
#
#   bash examples/webstack/run.sh [extra `up` flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)

bash scripts/install-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
make -s -C native
npm run -s build >/dev/null

tscompose=$PWD/dist/tscompose.js
bash examples/webstack/base/make-base.sh "$tscompose"
"$tscompose" -f examples/webstack/compose.yaml up -d --build --wait "$@"

# The environment wins over .env, as compose reads it.
port=${WEB_PORT:-$(sed -n 's/^WEB_PORT=//p' examples/webstack/.env)}
echo "webstack is up on http://127.0.0.1:${port:-8080}/ ($(($(date +%s) - start)) s); /api/info says:"
curl -fsS "http://127.0.0.1:${port:-8080}/api/info"
echo
