// Date display and calendar arithmetic for the screens. Clinical days are Europe/Amsterdam calendar
// days (pathway.md), so a datetime is first placed in Amsterdam before its date is taken.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { nl as nlLocale, enGB } from 'date-fns/locale';

export const ZONE = 'Europe/Amsterdam';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const YEAR_MONTH = /^\d{4}(-\d{2})?$/;

/** The Amsterdam calendar date (YYYY-MM-DD) of an instant or a FHIR date/dateTime. */
/** '' when the value is no date at all: record data is shown as far as it is readable, never a crash. */
export function amsterdamDate(value: string | Date): string {
  if (typeof value === 'string' && DATE_ONLY.test(value)) return value;
  const ms = typeof value === 'string' ? new Date(value).getTime() : value.getTime();
  if (Number.isNaN(ms)) return '';
  // placing an instant in a time zone goes through Intl each time: the cards of one record ask for the
  // same few instants over and over (3 % of a cold render's CPU), so each is placed once
  const hit = placed.get(ms);
  if (hit !== undefined) return hit;
  const ymd = format(new TZDate(ms, ZONE), 'yyyy-MM-dd');
  if (placed.size >= 2_000) placed.clear();
  placed.set(ms, ymd);
  return ymd;
}
const placed = new Map<number, string>();

/** Human date in the UI language; FHIR partial dates (YYYY, YYYY-MM) are shown as they are. */
export function formatDate(value: string | undefined, lng: string): string {
  if (!value) return '';
  if (YEAR_MONTH.test(value)) return value;
  const ymd = amsterdamDate(value);
  const [y, m, d] = ymd.split('-').map(Number);
  if (!y || !m || !d) return value;
  return format(new Date(y, m - 1, d), 'd MMM yyyy', { locale: lng === 'en' ? enGB : nlLocale });
}

/** Date and time in Amsterdam, for "who did what when". */
export function formatDateTime(value: string, lng: string): string {
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) return value; // shown as written (React escapes it), not thrown
  const d = new TZDate(ms, ZONE);
  return format(d, 'd MMM yyyy HH:mm', { locale: lng === 'en' ? enGB : nlLocale });
}

/** Whole years between a birth date and a reference date (both taken as calendar dates). */
export function ageInYears(birthDate: string, at: string | Date): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(birthDate)) return undefined;
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number);
  const [ay, am, ad] = amsterdamDate(at).split('-').map(Number);
  let age = ay - by;
  if (am < bm || (am === bm && ad < bd)) age -= 1;
  return age >= 0 ? age : undefined;
}

/** Calendar days from `a` to `b` (b - a), Amsterdam dates. */
export function daysBetween(a: string | Date, b: string | Date): number {
  const toUtc = (s: string) => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((toUtc(amsterdamDate(b)) - toUtc(amsterdamDate(a))) / 86_400_000);
}

/**
 * GP office hours: weekdays 08:00–17:00 Amsterdam time. Outside them the huisartsenpost (HAP) takes
 * the calls (evening, night, weekend). Public holidays are not modelled: on a holiday the screen still
 * shows both numbers, so the clinician can choose.
 */
export function isGpOfficeHours(now: Date): boolean {
  const d = new TZDate(now.getTime(), ZONE);
  const day = d.getDay();
  if (day === 0 || day === 6) return false;
  const minutes = d.getHours() * 60 + d.getMinutes();
  return minutes >= 8 * 60 && minutes < 17 * 60;
}

/** `now` plus whole days, as an ISO instant (snooze ends). */
export function addDaysIso(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}
