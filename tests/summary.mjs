// Sums the Vitest and Playwright JSON reports into one line: "N passed, N failed[, N skipped]".
// Exits 1 when a report is missing (a runner crashed) or any test failed.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = false;

const unitPath = 'test-results/unit.json';
if (existsSync(unitPath)) {
  const unit = JSON.parse(readFileSync(unitPath, 'utf8'));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
  // A test file that fails to load counts as a failure too.
  failed += unit.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else {
  console.error('No unit test report: Vitest did not run to the end.');
  missing = true;
}

const e2ePath = 'test-results/e2e.json';
if (existsSync(e2ePath)) {
  const { stats, errors } = JSON.parse(readFileSync(e2ePath, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
  if (errors?.length) failed += errors.length;
} else {
  console.error('No browser test report: Playwright did not run to the end.');
  missing = true;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || missing || passed === 0 ? 1 : 0);
