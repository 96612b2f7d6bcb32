#!/usr/bin/env node
// web-ext lint on a Firefox build (default .output/firefox-mv3): prints errors and warnings, exits 1
// on any error. Used by `npm run release` and tests/e2e/firefox-lint.e2e.test.ts.
import { execFileSync } from 'node:child_process';

const dir = process.argv[2] ?? '.output/firefox-mv3';
let raw;
try {
  raw = execFileSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
  // web-ext exits non-zero when there are errors; the JSON report is still on stdout
  raw = e.stdout;
}
const report = JSON.parse(raw.slice(raw.indexOf('{')));
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const m of report[kind] ?? []) console.log(`[web-ext lint] ${kind.slice(0, -1)}: ${m.code} ${m.message}${m.file ? ` (${m.file})` : ''}`);
}
console.log(`[web-ext lint] ${dir}: ${report.count ?? 0} messages, ${report.summary?.errors ?? '?'} errors, ${report.summary?.warnings ?? '?'} warnings`);
process.exit(report.summary?.errors === 0 ? 0 : 1);
