import type { LoadedRecord } from '../../lib/fhir/gateway';
import type { Role } from '../../lib/pathway/types';
import { arr, displayName, findPatient, str } from '../../lib/ui/fhir-read';
import { countByIndicator, type IndicatorCounts } from '../../lib/ui/order';
import type { EvaluateFn } from '../../lib/host/contract';

export interface WardRow {
  patientId: string;
  name?: string;
  birthDate?: string;
  /** bed / room from the active inpatient encounter */
  location?: string;
  counts: IndicatorCounts;
  /** counts of the prompts for the user's role only */
  mine: number;
}

export type WardSortKey = 'name' | 'location' | 'critical' | 'warning' | 'info';
export type SortDir = 'asc' | 'desc';

function bed(record: LoadedRecord): string | undefined {
  const enc = record.resources.find((r) => r.resourceType === 'Encounter' && r.status === 'in-progress' && arr(r.location).length > 0);
  const loc = arr(enc?.location)[0]?.location as Record<string, unknown> | undefined;
  return str(loc?.display);
}

export function wardRows(records: readonly LoadedRecord[], evaluate: EvaluateFn, now: Date, role: Role): WardRow[] {
  return records.map((rec) => {
    const patient = findPatient(rec.resources, rec.patientId);
    const prompts = evaluate(rec.resources, { now, role, patientId: rec.patientId }).prompts;
    return {
      patientId: rec.patientId,
      name: displayName(patient),
      birthDate: str(patient?.birthDate),
      location: bed(rec),
      counts: countByIndicator(prompts),
      mine: prompts.filter((p) => p.roles.includes(role)).length,
    };
  });
}

/** Counts sort by the most urgent first by default (desc); names and beds alphabetically. */
export function sortRows(rows: readonly WardRow[], key: WardSortKey, dir: SortDir): WardRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const text = (r: WardRow) => (key === 'name' ? (r.name ?? '') : (r.location ?? ''));
  return [...rows].sort((a, b) => {
    const primary =
      key === 'name' || key === 'location'
        ? text(a).localeCompare(text(b), 'nl', { numeric: true })
        : a.counts[key] - b.counts[key];
    // ties: most critical, then most warnings, then name, so the list never reshuffles at random
    return sign * primary || b.counts.critical - a.counts.critical || b.counts.warning - a.counts.warning || (a.name ?? '').localeCompare(b.name ?? '', 'nl');
  });
}
