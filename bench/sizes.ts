import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);

function jsUnder(dir: string, pick: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') && pick(f))
    .map((f) => join(dir, f));
}

/** Gzipped bytes the EHR page pays for (content script) and the side panel loads. */
export function bundleSizes(outDir = '.output/chrome-mv3') {
  const content = jsUnder(join(outDir, 'content-scripts'), () => true);
  if (content.length === 0) throw new Error(`no content script in ${outDir}: run npm run build first`);
  const html = readFileSync(join(outDir, 'sidepanel.html'), 'utf8');
  // The side panel's own scripts: the chunks its HTML references (module script + modulepreloads).
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => join(outDir, m[1]));
  return { contentScriptGzBytes: gz(content), sidePanelGzBytes: gz(refs) };
}
