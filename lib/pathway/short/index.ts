// The `short` text of a prompt (≤ 40 characters, Dutch): what the badge on the EHR page says. One
// function per prompt code where the prompt's data says it better than its summary, the summary
// shortened at a word otherwise. Pure: the evaluation step sets it, hosts only display it.
import type { Prompt, PromptCode } from '../types';
import { SHORT_MAX, shortenAtWord } from './at-word';
import { behandelwensenKnownShort } from './directives';

export { SHORT_MAX, shortenAtWord } from './at-word';

const BY_CODE: Partial<Record<PromptCode, (p: Prompt) => string>> = {
  'behandelwensen-known': behandelwensenKnownShort,
};

export function shortText(p: Prompt): string {
  const text = (BY_CODE[p.code] ?? ((q: Prompt) => shortenAtWord(q.summary)))(p);
  // the promise to the badge holds whatever a per-code function returns
  return text.length > SHORT_MAX ? shortenAtWord(text) : text;
}
