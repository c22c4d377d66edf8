#!/usr/bin/env bash
# Runs every test: lint, build, unit, sandbox, engine and end-to-end (real n8n) tests.
# Brings its own Node 24 and the pinned n8n (both cached under ~/.cache), so it works on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node24
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing dev dependencies (npm ci)"
  npm ci
fi
ensure_n8n

log "lint (n8n-node lint, strict)"
npx n8n-node lint
log "typecheck (tests, sandbox, benchmarks, scripts)"
npx tsc -p tsconfig.tooling.json
log "build"
npm run build

mkdir -p .cache
result=.cache/vitest-results.json
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$result" "$@"
status=$?
set -e
# A closing line CI can read whatever the runner: "tests: N passed, N failed, N skipped".
if [ -f "$result" ]; then
  node -e '
    const r = require(process.argv[1]);
    // A file that fails before its tests run (a failed beforeAll) counts as one failure.
    const brokenFiles = (r.testResults || []).filter((file) => file.status === "failed" && !(file.assertionResults || []).some((a) => a.status === "failed")).length;
    const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${skipped} skipped`);
  ' "$PWD/$result"
fi
exit $status
