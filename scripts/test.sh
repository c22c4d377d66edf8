#!/usr/bin/env bash
# Runs every test: lint, build, unit, sandbox, engine and end-to-end (real n8n) tests.
# The end-to-end tier runs once per n8n version in E2E_N8N_VERSIONS (default: the current 2.x and
# the last 1.x); the first version also runs everything else. Extra arguments go to vitest.
# Brings its own Node 24 and the pinned n8n versions (cached under ~/.cache), so it works on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node24
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing dev dependencies (npm ci)"
  npm ci
fi
read -r -a versions <<< "${E2E_N8N_VERSIONS:-2.40.7 1.123.81}"
for version in "${versions[@]}"; do N8N_VERSION="$version" ensure_n8n; done

log "lint (n8n-node lint, strict)"
npx n8n-node lint
log "typecheck (tests, sandbox, benchmarks, scripts)"
npx tsc -p tsconfig.tooling.json
log "build"
npm run build

mkdir -p .cache
rm -f .cache/vitest-results*.json
status=0
for index in "${!versions[@]}"; do
  version="${versions[$index]}"
  result=".cache/vitest-results-$index.json"
  projects=()
  if [ "$index" -gt 0 ]; then projects=(--project e2e); fi
  log "vitest with n8n $version ${projects[*]:-(every project)}"
  set +e
  N8N_VERSION="$version" npx vitest run --reporter=default --reporter=json --outputFile.json="$result" "${projects[@]}" "$@"
  code=$?
  set -e
  if [ "$code" -ne 0 ]; then status=$code; fi
done

# A closing line CI can read whatever the runner: "tests: N passed, N failed, N skipped".
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of process.argv.slice(1).filter((f) => fs.existsSync(f))) {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    // A file that fails before its tests run (a failed beforeAll) counts as one failure.
    const brokenFiles = (r.testResults || []).filter((t) => t.status === "failed" && !(t.assertionResults || []).some((a) => a.status === "failed")).length;
    passed += r.numPassedTests;
    failed += r.numFailedTests + brokenFiles;
    skipped += (r.numPendingTests || 0) + (r.numTodoTests || 0);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' .cache/vitest-results-*.json
exit $status
