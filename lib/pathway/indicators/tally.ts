// Indicator outcomes of many patients → the entries of indicators.json: per indicator one `total`, one
// per calendar month, and one per month and ward where the data names a ward. Counts are events (a
// patient with two SEH visits in a month is two events); `patients` lists the patient behind each
// counted event, so a list's length equals its count. Unreadable patients are in neither count and are
// listed on their own (pathway.md: "left out of both counts and listed").
import { INDICATOR_IDS, type IndicatorId, type IndicatorOutcome } from './indicator';

export interface IndicatorEntry {
  id: IndicatorId;
  period: string; // "YYYY-MM" | "total"
  ward?: string;
  numerator: number;
  denominator: number;
  patients: { numerator: string[]; denominator: string[]; unreadable: string[] };
}

const ORDER = new Map(INDICATOR_IDS.map((id, i) => [id, i]));

export class IndicatorTally {
  private entries = new Map<string, IndicatorEntry>();

  constructor() {
    for (const id of INDICATOR_IDS) this.entry(id, 'total');
  }

  private entry(id: IndicatorId, period: string, ward?: string): IndicatorEntry {
    const key = `${id}\u0000${period}\u0000${ward ?? ''}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { id, period, ...(ward !== undefined ? { ward } : {}), numerator: 0, denominator: 0, patients: { numerator: [], denominator: [], unreadable: [] } };
      this.entries.set(key, e);
    }
    return e;
  }

  /** `wardName` turns a ward reference into the name clinicians read (identity when not given). */
  add(patient: string, outcomes: readonly { id: IndicatorId; outcome: IndicatorOutcome }[], wardName: (ward: string) => string = (w) => w): void {
    for (const { id, outcome } of outcomes) {
      if ('unreadable' in outcome) {
        this.entry(id, 'total').patients.unreadable.push(patient);
        if (outcome.period) this.entry(id, outcome.period).patients.unreadable.push(patient);
        continue;
      }
      for (const ev of outcome.events) {
        const targets = [this.entry(id, 'total'), this.entry(id, ev.period)];
        if (ev.ward !== undefined) targets.push(this.entry(id, ev.period, wardName(ev.ward)));
        for (const t of targets) {
          t.denominator++;
          t.patients.denominator.push(patient);
          if (ev.numerator) {
            t.numerator++;
            t.patients.numerator.push(patient);
          }
        }
      }
    }
  }

  /** In the order of pathway.md's table; per indicator: total, then months ascending, each month's wards after it. */
  result(): IndicatorEntry[] {
    return [...this.entries.values()].sort((a, b) => {
      const o = (ORDER.get(a.id) ?? 0) - (ORDER.get(b.id) ?? 0);
      if (o !== 0) return o;
      if (a.period !== b.period) return a.period === 'total' ? -1 : b.period === 'total' ? 1 : a.period < b.period ? -1 : 1;
      return (a.ward ?? '').localeCompare(b.ward ?? '');
    });
  }
}
