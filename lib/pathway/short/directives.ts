// The badge text for behandelwensen-known: what the SEH must not do, in the words a clinician says
// ("Niet reanimeren · geen IC"), from the prompt's own directives (never from its summary text).
import type { DirectiveView, Prompt } from '../types';
import { SHORT_MAX, shortenAtWord } from './at-word';

/** Dutch short forms of the treatments' labels (valuesets/treatments.ts) when marked niet uitvoeren. */
const NOT: Readonly<Record<string, string>> = {
  Reanimatie: 'niet reanimeren',
  'Niet-reanimerenverklaring': 'niet reanimeren',
  Beademing: 'niet beademen',
  'Opname op intensive care': 'geen IC',
  Ziekenhuisopname: 'geen opname',
  Antibiotica: 'geen antibiotica',
  'Toediening van bloedproducten': 'geen bloedproducten',
  Behandelverbod: 'behandelverbod',
};

const notPhrase = (d: DirectiveView) => NOT[d.treatment] ?? `geen ${d.treatment.charAt(0).toLowerCase()}${d.treatment.slice(1)}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const SEP = ' · ';

export function behandelwensenKnownShort(p: Prompt): string {
  const denies = (p.directives ?? []).filter((d) => d.decision === 'deny');
  if (!denies.length) return shortenAtWord(p.summary);
  // a Niet-reanimerenverklaring and a Reanimatie deny say the same thing: say it once
  const phrases = [...new Set(denies.map(notPhrase))];
  // as many whole phrases as fit; the rest is counted ("+2") rather than cut mid-phrase
  let out = capital(phrases[0]);
  if (out.length > SHORT_MAX) return shortenAtWord(out);
  for (let i = 1; i < phrases.length; i++) {
    const rest = phrases.length - i - 1;
    const next = `${out}${SEP}${phrases[i]}`;
    const tail = rest ? ` +${rest}` : '';
    if ((next + tail).length <= SHORT_MAX) {
      out = next;
      continue;
    }
    return `${out} +${phrases.length - i}`;
  }
  return out;
}
