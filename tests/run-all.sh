#!/usr/bin/env bash
# Every test: unit tests (Vitest), then browser tests (Playwright on the built app),
# then one summary line counting both. Fails when any test fails or a runner breaks.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf test-results && mkdir -p test-results

bash tests/ensure-chromium.sh || exit 1

npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json
unit=$?

npx vite build --logLevel warn
build=$?
e2e=1
if [ $build -eq 0 ]; then
  npx playwright test
  e2e=$?
fi

node tests/summary.mjs
summary=$?
[ $unit -eq 0 ] && [ $build -eq 0 ] && [ $e2e -eq 0 ] && [ $summary -eq 0 ]
