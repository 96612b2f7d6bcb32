// worklist.csv: one row per prompt of every patient, with the name and ward clinicians read (RFC 4180 quoting).
import type { Prompt } from '../pathway/index';

export interface WorklistRow {
  patient: string;
  name?: string;
  ward?: string;
  prompt: Prompt;
}

const COLUMNS = ['patient', 'naam', 'afdeling', 'code', 'indicator', 'due', 'samenvatting'];
const cell = (v: string | undefined) => {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvHeader = () => `${COLUMNS.join(',')}\r\n`;

export function csvRows(rows: readonly WorklistRow[]): string {
  return rows.map((r) => `${[r.patient, r.name, r.ward, r.prompt.code, r.prompt.indicator, r.prompt.due, r.prompt.summary].map(cell).join(',')}\r\n`).join('');
}
