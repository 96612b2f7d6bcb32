// The handover as a letter: a printable A4 HTML page (print CSS, Dutch, the hospital's name from the
// config) that a clinician prints or saves as PDF from the browser, and a plain-text copy to paste into
// a discharge letter. Both are made from the same HandoverDocument as the FHIR Composition.
import { dayOf, dutchDay } from '../pathway/facts/time';
import type { HandoverDocument, HandoverSection } from './types';
import { escapeXml } from './xhtml';

const TZ = 'Europe/Amsterdam';
const dutch = (iso: string | undefined) => {
  const d = dayOf(iso, TZ);
  return d === undefined ? undefined : dutchDay(d);
};

function stayLine(doc: HandoverDocument): string {
  if (!doc.stay) return 'Geen ziekenhuisopname gevonden.';
  const period = `${dutch(doc.stay.start) ?? '?'} – ${dutch(doc.stay.end) ?? '?'}`;
  return `Opname ${period}${doc.stay.ward ? `, ${doc.stay.ward}` : ''}${doc.stay.ended ? ' (ontslagen)' : ''}`;
}

function textSection(s: HandoverSection, n?: number): string {
  const head = `${n !== undefined ? `${n}. ` : ''}${s.title}${s.present ? '' : ' — ONTBREEKT'}`;
  const lines = s.lines.map((l) => `   - ${l.gap ? '[ontbreekt] ' : ''}${l.text}`);
  if (!s.present) lines.unshift(`   Vastleggen in: ${s.where ?? 'het dossier'}.`);
  if (!lines.length) lines.push('   (niets vastgelegd)');
  return [head, ...lines].join('\n');
}

/** The plain-text copy, for pasting into a discharge letter. */
export function handoverText(doc: HandoverDocument): string {
  const out = [
    `PALLIATIEVE OVERDRACHT — ${doc.hospitalName}`,
    `Patiënt: ${doc.patientName}${doc.birthDate ? `, geboren ${dutch(doc.birthDate)}` : ''}${doc.bsn ? `, BSN ${doc.bsn}` : ''}`,
    stayLine(doc),
    `Opgesteld: ${dutch(doc.date)}`,
    doc.missing.length ? `Let op: ${doc.missing.length} van 9 overdrachtspunten ontbreken.` : 'Alle 9 overdrachtspunten zijn vastgelegd.',
    '',
    ...doc.items.map((s, i) => textSection(s, i + 1)),
    '',
    ...doc.context.map((s) => textSection(s)),
  ];
  return `${out.join('\n')}\n`;
}

function htmlSection(s: HandoverSection, n?: number): string {
  const items = s.lines.map((l) => `<li${l.gap ? ' class="gap"' : ''}>${l.gap ? '<strong>Ontbreekt:</strong> ' : ''}${escapeXml(l.text)}</li>`).join('');
  const where = s.present ? '' : `<p class="where"><strong>Ontbreekt.</strong> Vastleggen in: ${escapeXml(s.where ?? 'het dossier')}.</p>`;
  return `<section class="item${s.present ? '' : ' missing'}" data-section="${s.id}"><h2>${n !== undefined ? `${n}. ` : ''}${escapeXml(s.title)}</h2>${where}${items ? `<ul>${items}</ul>` : s.present ? '' : ''}</section>`;
}

export const LETTER_CSS = `
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "Liberation Sans", Arial, sans-serif; color: #111; margin: 0; }
.page { max-width: 178mm; margin: 0 auto; padding: 12px; }
header { border-bottom: 2px solid #1d4f91; margin-bottom: 8pt; padding-bottom: 6pt; }
header .hospital { font-size: 13pt; font-weight: bold; color: #1d4f91; }
h1 { font-size: 15pt; margin: 4pt 0; }
h2 { font-size: 11pt; margin: 0 0 2pt; }
.meta { margin: 0; }
.summary { font-weight: bold; }
.item { break-inside: avoid; margin: 6pt 0; padding: 4pt 6pt; border-left: 3px solid #2e7d32; }
.item.missing { border-left-color: #b00020; background: #fdecee; }
.item ul { margin: 2pt 0 0 14pt; padding: 0; }
.gap { color: #b00020; }
.where { margin: 0; color: #b00020; }
.context { border-top: 1px solid #999; margin-top: 10pt; padding-top: 4pt; }
footer { margin-top: 12pt; font-size: 9pt; color: #444; }
@media print { .page { padding: 0; } .item.missing { -webkit-print-color-adjust: exact; print-color-adjust: exact; } .noprint { display: none; } }
`;

/** A complete HTML page (A4, print CSS). */
/**
 * The letter as one HTML page. `inlineStyle: false` leaves out the <style> element: a page whose
 * Content-Security-Policy forbids inline style (the SMART app's style-src 'self', which a blob: print
 * window inherits) applies LETTER_CSS itself as a constructed stylesheet instead.
 */
export function handoverHtml(doc: HandoverDocument, opts: { inlineStyle?: boolean } = {}): string {
  const summary = doc.missing.length ? `${doc.missing.length} van 9 overdrachtspunten ontbreken (rood gemarkeerd).` : 'Alle 9 overdrachtspunten zijn vastgelegd.';
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Palliatieve overdracht — ${escapeXml(doc.patientName)}</title>${opts.inlineStyle === false ? '' : `<style>${LETTER_CSS}</style>`}</head>
<body><div class="page">
<header><div class="hospital">${escapeXml(doc.hospitalName)}</div><h1>Palliatieve overdracht</h1>
<p class="meta">Patiënt: <strong>${escapeXml(doc.patientName)}</strong>${doc.birthDate ? `, geboren ${escapeXml(dutch(doc.birthDate) ?? '')}` : ''}${doc.bsn ? `, BSN ${escapeXml(doc.bsn)}` : ''}</p>
<p class="meta">${escapeXml(stayLine(doc))} · Opgesteld ${escapeXml(dutch(doc.date) ?? '')}</p>
<p class="meta summary">${escapeXml(summary)}</p></header>
<main>${doc.items.map((s, i) => htmlSection(s, i + 1)).join('\n')}
<div class="context">${doc.context.map((s) => htmlSection(s)).join('\n')}</div></main>
<footer>Warme overdracht volgens de Palliatieve zorgkaart (S3, informatieoverdracht) en de Utrechtse transmurale aanbevelingen (S4, warme overdracht).</footer>
</div></body></html>
`;
}
