// /smart: the SMART app's static build (dist/smart, from `npm run build:smart`). On a fresh clone it
// is not built yet, so the demo builds it once (vite, ~10 s) rather than serving nothing; a failed
// build leaves a page that says what to run instead of a bare 404.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { REPO_ROOT } from './seed/fixtures';
import { smartSecurityHeaders, type SmartCspConfig } from './smart-csp';

export const SMART_DIST = join(REPO_ROOT, 'dist', 'smart');

export const smartBuilt = () => existsSync(join(SMART_DIST, 'launch.html')) && existsSync(join(SMART_DIST, 'index.html'));

let building: Promise<boolean> | undefined;

function run(args: string[], log: (msg: string) => void, what: string): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', () => done(false));
    child.on('exit', (code) => {
      if (code !== 0) log(`${what} mislukt (exit ${code}): ${err.trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-3).join(' | ')}`);
      done(code === 0);
    });
  });
}

/** Builds dist/smart when missing; resolves false (never throws) when the build fails. */
export function ensureSmartBuild(log: (msg: string) => void = () => {}): Promise<boolean> {
  if (smartBuilt()) return Promise.resolve(true);
  building ??= (async () => {
    log('SMART-app nog niet gebouwd: vite build --config smart/vite.config.ts …');
    // tsconfig.json extends .wxt/tsconfig.json, which `npm install` (postinstall: wxt prepare) creates
    if (!existsSync(join(REPO_ROOT, '.wxt', 'tsconfig.json'))) {
      await run([join(REPO_ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), 'prepare'], log, 'wxt prepare');
    }
    const ok = await run([join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'smart/vite.config.ts', '--logLevel', 'warn'], log, 'SMART-app bouwen');
    if (ok) log('SMART-app gebouwd (dist/smart).');
    return ok && smartBuilt();
  })().finally(() => (building = undefined));
  return building;
}

/** dist/smart, served as a hospital serves it: with the CSP and Referrer-Policy of ./smart-csp (config read per request). */
export function smartStatic(csp?: () => SmartCspConfig): express.Router {
  const r = express.Router();
  if (csp) r.use((_req, res, next) => (res.set(smartSecurityHeaders(csp())), next()));
  r.use(express.static(SMART_DIST, { index: 'index.html', fallthrough: true }));
  r.use((_req, res) => {
    res
      .status(503)
      .type('html')
      .send('<!doctype html><html lang="nl"><meta charset="utf-8"><title>SMART-app niet gebouwd</title><p>De SMART-app is (nog) niet gebouwd. Voer <code>npm run build:smart</code> uit en herlaad deze pagina.</p></html>');
  });
  return r;
}
