#!/usr/bin/env bash
# `npm test`: install, build, then every test project (unit, int on PGlite, int-pg and pg on the
# local PostgreSQL/Redis, e2e in Chromium). Outside CI, a missing PostgreSQL, Redis or Chromium
# skips its suites with a warning; with CI=true it fails them.
# Extra arguments go to vitest, e.g. `npm test -- --project unit`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bash scripts/setup.sh
results=.vitest-results.json
status=0
"${PNPM[@]}" exec vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
if [ -f "$results" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  ' "$results"
  rm -f "$results"
fi
exit "$status"
