#!/usr/bin/env node
// npm run release: the release artifacts in release/<version>/, the version being package.json's.
//   palliatief-zorgpad-<v>-chrome.zip        Chromium, with the manifest `key` (fixed id): hospitals that
//                                            host the extension themselves (self-hosted CRX, unpacked)
//   palliatief-zorgpad-<v>-chrome-store.zip  Chrome Web Store upload: no `key` (the store refuses it)
//   palliatief-zorgpad-<v>-firefox.zip       Firefox (MV3), for AMO signing
//   palliatief-zorgpad-<v>-sources.zip       Firefox sources zip for the AMO review
// Each `wxt zip` runs under /tmp/build.lock: every build on this machine shares .wxt/ and .output/.
// Then web-ext lint checks the Firefox build: any error fails the release.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = join('release', version);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const zip = (args, env = {}) => {
  console.log(`[release] wxt zip ${args.join(' ')}${env.PZ_STORE ? ' (store: no key)' : ''}`);
  execFileSync('flock', ['/tmp/build.lock', 'npx', 'wxt', 'zip', ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production', ...env } });
};
const take = (name) => {
  const from = join('.output', name);
  if (!existsSync(from)) throw new Error(`[release] ${from} was not made`);
  copyFileSync(from, join(out, name));
};

zip([], { PZ_STORE: '1' });
take(`palliatief-zorgpad-${version}-chrome-store.zip`);
zip([]);
take(`palliatief-zorgpad-${version}-chrome.zip`);
zip(['-b', 'firefox', '--mv3']);
take(`palliatief-zorgpad-${version}-firefox.zip`);
take(`palliatief-zorgpad-${version}-sources.zip`);

execFileSync(process.execPath, ['scripts/lint-firefox.mjs', '.output/firefox-mv3'], { stdio: 'inherit' });
console.log(`[release] ${out}:\n  ${readdirSync(out).join('\n  ')}`);
