#!/usr/bin/env node
// Adds up the per-project files written by jest-count-reporter.js and prints the one closing line
// CI reads: `tests: N passed, N failed`. A suite that could not run (compile error, crash) counts
// as one failed test, so it can never hide. Exits 1 when anything failed or nothing ran.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] ?? 'tmp/jest-reports';
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let pending = 0;
for (const file of files) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += report.passed;
  failed += report.failed + report.failedSuites.length;
  pending += report.pending;
  for (const suite of report.failedSuites) console.log(`suite could not run: ${suite}`);
}
console.log(`tests: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
