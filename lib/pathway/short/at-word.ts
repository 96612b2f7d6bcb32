// Shortening a Dutch sentence for the badge: at a word boundary, never mid-word, with "…" when cut.
export const SHORT_MAX = 40;

/** `text` if it fits in `max` characters, else its longest run of whole words that fits with "…". */
export function shortenAtWord(text: string, max = SHORT_MAX): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length <= max) return t;
  let cut = t.slice(0, max); // room for the ellipsis is made below
  const space = cut.lastIndexOf(' ');
  // no space at all: one very long word, cut it hard rather than show nothing
  cut = space > 0 ? cut.slice(0, space) : cut.slice(0, max - 1);
  // a clause that ends in ":" or "," reads better without it before the ellipsis
  cut = cut.replace(/[\s:;,.(–-]+$/u, '');
  while (cut.length + 1 > max) {
    const s = cut.lastIndexOf(' ');
    cut = (s > 0 ? cut.slice(0, s) : cut.slice(0, max - 1)).replace(/[\s:;,.(–-]+$/u, '');
  }
  return `${cut}…`;
}
