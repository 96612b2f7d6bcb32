// Calendar days in the configured time zone (Europe/Amsterdam by default). pathway.md: "Days are whole
// calendar days in Europe/Amsterdam". A day is represented as a DayNumber: the number of days since
// 1970-01-01 of the *local* calendar date, so differences between days are plain subtraction.
import { TZDate, tzOffset } from '@date-fns/tz';

export type DayNumber = number;
const MS_PER_DAY = 86_400_000;

const DATE_ONLY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:\d{2})$/;

// Conversions are pure functions of (value, zone); a bounded cache keeps repeated dates cheap, since
// TZDate resolves the zone offset through Intl.
const cache = new Map<string, number>();
function cached(key: string, compute: () => number): number {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size > 50_000) cache.clear();
  const v = compute();
  cache.set(key, v);
  return v;
}

/** A FHIR date or dateTime as an instant (ms). Dates and zone-less times are local in `tz`. */
export function toInstant(value: string | undefined, tz: string): number | undefined {
  if (!value) return undefined;
  const m = DATE_ONLY.exec(value);
  if (m) return cached(`i|${tz}|${value}`, () => new TZDate(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1, tz).getTime());
  if (HAS_ZONE.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return cached(`i|${tz}|${value}`, () => {
    const [date, time] = value.split('T');
    const [y, mo, d] = date.split('-').map(Number);
    const [h, mi, s] = time.split(':');
    return new TZDate(y, mo - 1, d, +h, +mi, s ? Math.floor(+s) : 0, tz).getTime();
  });
}

/**
 * The zone offset (ms) at an instant. Offsets only change at DST transitions, so they are cached per
 * UTC day: a day whose start and end have the same offset (all but two days a year) needs no further
 * lookup; only on transition days is the instant itself resolved. This keeps the rules cheap next to
 * JSON parsing (design.md "Numbers to reach").
 */
const offsetByDay = new Map<string, Map<number, number | null>>();
function offsetAt(ms: number, tz: string): number {
  let perZone = offsetByDay.get(tz);
  if (!perZone) offsetByDay.set(tz, (perZone = new Map()));
  const bucket = Math.floor(ms / MS_PER_DAY);
  let known = perZone.get(bucket);
  if (known === undefined) {
    const a = tzOffset(tz, new Date(bucket * MS_PER_DAY));
    const b = tzOffset(tz, new Date((bucket + 1) * MS_PER_DAY - 1));
    known = a === b ? a * 60_000 : null;
    if (perZone.size > 100_000) perZone.clear();
    perZone.set(bucket, known);
  }
  return known ?? tzOffset(tz, new Date(ms)) * 60_000;
}

/** The local calendar day of an instant (ms) in `tz`. */
export function dayOfInstant(ms: number, tz: string): DayNumber {
  return Math.floor((ms + offsetAt(ms, tz)) / MS_PER_DAY);
}

/** The local calendar day of a FHIR date/dateTime. A date-only value is that day, whatever the zone. */
export function dayOf(value: string | undefined, tz: string): DayNumber | undefined {
  if (!value) return undefined;
  const m = DATE_ONLY.exec(value);
  if (m) return Math.round(Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1) / MS_PER_DAY);
  const ms = toInstant(value, tz);
  return ms === undefined ? undefined : dayOfInstant(ms, tz);
}

/** DayNumber → "YYYY-MM-DD". */
export function isoDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Dutch date for prompt texts: "5 april 2016". */
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
export function dutchDay(day: DayNumber): string {
  const d = new Date(day * MS_PER_DAY);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Age in whole years on a given local day, from a FHIR birthDate (partial dates: first possible day). */
export function ageOn(birthDate: string | undefined, day: DayNumber): number | undefined {
  const m = birthDate ? DATE_ONLY.exec(birthDate) : null;
  if (!m) return undefined;
  const ref = new Date(day * MS_PER_DAY);
  const [ry, rm, rd] = [ref.getUTCFullYear(), ref.getUTCMonth() + 1, ref.getUTCDate()];
  const [by, bm, bd] = [+m[1], m[2] ? +m[2] : 1, m[3] ? +m[3] : 1];
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
}

export const HOUR_MS = 3_600_000;
