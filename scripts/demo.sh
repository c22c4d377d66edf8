#!/usr/bin/env bash
# `npm run dev`: a local n8n (pinned version) with this package installed as a community package,
# the Plum sandbox, a ready credential and the example workflows (see scripts/demo.mts).
# Env: N8N_PORT (5678), SANDBOX_PORT (4010), DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, SANDBOX_LOG=1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node24
ensure_n8n
[ -d node_modules ] || npm ci
exec npx tsx scripts/demo.mts
