// Narrative for the Composition sections: a valid FHIR XHTML div (only p/ul/li/strong, escaped text).
import type { HandoverSection } from './types';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function sectionDiv(section: HandoverSection): string {
  const parts: string[] = [];
  if (!section.present) {
    parts.push(`<p><strong>Ontbreekt.</strong> Vastleggen in: ${escapeXml(section.where ?? 'het dossier')}.</p>`);
  }
  if (section.lines.length) {
    parts.push(`<ul>${section.lines.map((l) => `<li>${l.gap ? `<strong>${escapeXml(l.text)}</strong>` : escapeXml(l.text)}</li>`).join('')}</ul>`);
  }
  if (!parts.length) parts.push('<p>Niets vastgelegd.</p>');
  return `<div xmlns="http://www.w3.org/1999/xhtml">${parts.join('')}</div>`;
}
