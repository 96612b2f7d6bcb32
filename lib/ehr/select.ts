// Which adapters apply to a URL (by their origins), and the origins to ask host permission for.
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { EhrAdapter } from './types';

function includes(pattern: string, url: string): boolean {
  try {
    return new MatchPattern(pattern).includes(url);
  } catch {
    return false;
  }
}

export function adaptersForUrl(adapters: readonly EhrAdapter[], url: string | undefined): EhrAdapter[] {
  if (!url || !/^https?:/.test(url)) return [];
  return adapters.filter((a) => a.origins.some((p) => includes(p, url)));
}

/** Every origin pattern of these adapters, once. */
export function adapterOrigins(adapters: readonly EhrAdapter[]): string[] {
  return [...new Set(adapters.flatMap((a) => a.origins))];
}
