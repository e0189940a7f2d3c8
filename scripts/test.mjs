#!/usr/bin/env node
// `npm test`: lint, typecheck, unit tests, build, e2e; then one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const unitJson = path.join(root, '.vitest-results.json');
const e2eJson = path.join(root, '.e2e-results.json');
rmSync(unitJson, { force: true });
rmSync(e2eJson, { force: true });

const steps = [
  ['lint', bin('eslint'), ['.']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]],
  ['build', bin('electron-vite'), ['build']],
  ['e2e', bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson }],
];

const failedSteps = [];
for (const [name, cmd, args, env] of steps) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    failedSteps.push(name);
    // Without a build there is nothing for e2e to test; lint and type errors still let tests run.
    if (name === 'build') break;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(unitJson)) {
  const u = JSON.parse(readFileSync(unitJson, 'utf8'));
  passed += u.numPassedTests;
  failed += u.numFailedTests;
  skipped += u.numPendingTests + (u.numTodoTests ?? 0);
}
if (existsSync(e2eJson)) {
  const e = JSON.parse(readFileSync(e2eJson, 'utf8'));
  passed += e.stats.expected + e.stats.flaky;
  failed += e.stats.unexpected;
  skipped += e.stats.skipped;
}
process.stdout.write(`\n${failedSteps.length ? `failed steps: ${failedSteps.join(', ')}` : 'all steps passed'}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedSteps.length || failed ? 1 : 0);
