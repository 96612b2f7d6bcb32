// The sizes are only meaningful for a build of the sources as they are: rebuild when the output is
// missing or older than any source file that goes into the extension.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['entrypoints', 'lib', 'components', 'public', 'wxt.config.ts', 'package-lock.json'];

/** Newest modification time (ms) of the files under the given paths; 0 when none exist. */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isFile()) newest = Math.max(newest, st.mtimeMs);
    else
      for (const f of readdirSync(p, { recursive: true, encoding: 'utf8' })) {
        const s = statSync(join(p, f), { throwIfNoEntry: false });
        if (s?.isFile()) newest = Math.max(newest, s.mtimeMs);
      }
  }
  return newest;
}

export function buildIsStale(outDir: string, sources = SOURCES): boolean {
  const manifest = join(outDir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  return statSync(manifest).mtimeMs < newestMtime(sources);
}

/** `npm run build` under the lock every helper and test uses for builds (they share .wxt/). */
export function ensureFreshBuild(outDir = '.output/chrome-mv3', log: (m: string) => void = () => {}): void {
  if (!buildIsStale(outDir)) return;
  log('build output missing or older than the sources: npm run build');
  execFileSync('flock', ['/tmp/build.lock', 'npm', 'run', 'build'], { stdio: 'pipe', timeout: 600_000 });
}
