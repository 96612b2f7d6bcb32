/**
 * Which prefetched patients get a view made ready: at most `max` besides the current one, the nearest
 * to it in the ward list's order first (the next and the previous bed, then one further each way),
 * returned in the list's own order. Without a current patient in the list, the first `max`.
 */
export function preparedAround(ids: readonly string[], current: string | null, max: number): string[] {
  const at = current === null ? -1 : ids.indexOf(current);
  if (ids.length <= max + (at >= 0 ? 1 : 0)) return [...ids];
  if (at < 0) return ids.slice(0, max);
  const keep = new Set<number>([at]);
  for (let d = 1; keep.size < max + 1 && d < ids.length; d++) {
    keep.add((at + d) % ids.length);
    if (keep.size < max + 1) keep.add((at - d + ids.length) % ids.length);
  }
  return ids.filter((_, i) => keep.has(i));
}
