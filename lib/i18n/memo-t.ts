// The same text for the same key, language and options, looked up once. i18next's t() resolves each
// call afresh (option spreads, key resolution, interpolation): in a profile of the side panel a fifth of
// the CPU of rendering one patient's cards was t(), for texts that never change while the language does
// not. The memo sits on the instance's getFixedT, which is what react-i18next's useTranslation hands to
// every component, so no screen changes. Cleared when the language or the resources change.
import type { i18n as I18n } from 'i18next';

/** cached texts per instance before the memo starts over (interpolated names and dates add up) */
export const MEMO_LIMIT = 5_000;

type FixedT = ReturnType<I18n['getFixedT']>;
const primitive = (v: unknown) => v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** What a call can be remembered under, or undefined when it cannot (a function key, object options). */
function callKey(key: unknown, opts: unknown, rest: unknown[]): string | undefined {
  if (rest.length > 0) return undefined;
  const keys = Array.isArray(key) ? key : [key];
  if (!keys.every((k) => typeof k === 'string')) return undefined;
  if (opts === undefined) return JSON.stringify(keys);
  if (typeof opts === 'string') return JSON.stringify([keys, opts]); // a default value
  if (typeof opts !== 'object' || opts === null) return undefined;
  const entries = Object.entries(opts as Record<string, unknown>);
  if (!entries.every(([, v]) => primitive(v))) return undefined;
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([keys, entries]);
}

export function memoizeTranslations(instance: I18n): void {
  const original = instance.getFixedT.bind(instance);
  let cache = new Map<string, unknown>();
  const reset = () => (cache = new Map());
  instance.on('languageChanged', reset);
  instance.on('loaded', reset);
  // resources added or removed later: the store, not the instance, tells of those
  instance.store.on('added', reset);
  instance.store.on('removed', reset);
  instance.getFixedT = ((...args: Parameters<I18n['getFixedT']>) => {
    const fixed = original(...args);
    const [lng, ns, keyPrefix, fixedOpts] = args as unknown[];
    // a key prefix given as a selector function: no stable name to remember it by
    if (typeof keyPrefix === 'function') return fixed;
    const scope = JSON.stringify([lng ?? null, ns ?? null, keyPrefix ?? null, (fixedOpts as { scopeNs?: unknown } | undefined)?.scopeNs ?? null]);
    const call = fixed as unknown as (...a: unknown[]) => unknown;
    const memo = (key: unknown, opts?: unknown, ...rest: unknown[]) => {
      const k = callKey(key, opts, rest);
      if (k === undefined) return call(key, opts, ...rest);
      const full = scope + k;
      if (cache.has(full)) return cache.get(full);
      const text = call(key, opts);
      if (cache.size >= MEMO_LIMIT) reset();
      cache.set(full, text);
      return text;
    };
    // what react-i18next and callers read off a fixed t (its language, namespace, prefix)
    for (const p of ['lng', 'lngs', 'ns', 'keyPrefix'] as const) if (p in fixed) (memo as unknown as Record<string, unknown>)[p] = (fixed as unknown as Record<string, unknown>)[p];
    return memo as unknown as FixedT;
  }) as I18n['getFixedT'];
}
