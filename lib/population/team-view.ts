// The palliative team's (TOPZ) hospital-wide screen reads one JSON: built here, purely, from the output
// files of a population run (worklist.json for the prompts, worklist.csv for the names and wards the
// clinicians read, indicators.json for the counts). Only the run's OUTPUT is read, never its internals,
// so the run can change how it works as long as its files keep their shape. Pure (no I/O): the SMART
// app imports the filter and grouping helpers too.
import type { Indicator } from '../pathway/types';
import { arr, displayName } from '../ui/fhir-read';

export interface TeamPrompt {
  code: string;
  indicator: Indicator;
  summary: string;
  due?: string;
  key: string;
}

export interface TeamPatient {
  /** the Patient id, to open the patient in the app; never shown */
  id: string;
  /** as the run's CSV has it; absent when the export named none */
  name?: string;
  /** the ward's name (never its id); absent when the patient is on no ward */
  ward?: string;
  prompts: TeamPrompt[];
}

export interface TeamIndicator {
  id: string;
  /** "YYYY-MM" or "total" */
  period: string;
  ward?: string;
  numerator: number;
  denominator: number;
  /** patients left out of both counts because their data could not be read */
  unreadable: number;
}

/** Where the run's data came from (run.json `source`): the FHIR base the patient ids belong to. */
export interface TeamSourceInfo {
  /** the Bulk Data server's FHIR base (`--server`): the patient ids are ids on this server */
  server?: string;
  group?: string;
  /** a run from an NDJSON directory: no server known */
  ndjson?: string;
}

/** Whether the export held every type the rules read (run.json), so the list is not missing whole types. */
export interface TeamCompleteness {
  /** false when export files failed or types were not offered; also false when run.json was absent (unknown) */
  complete: boolean;
  /** run.json was present */
  known: boolean;
  /** resource types of export files that failed to download */
  exportErrors: string[];
  /** types the rules read that the server did not offer */
  notOffered: string[];
}

export interface TeamView {
  /** the run's data source (from run.json); absent for a run without one */
  source?: TeamSourceInfo;
  completeness: TeamCompleteness;
  /** the run's report date (`--now`) */
  now: string;
  /** when the run's files were written (ISO), when known */
  ranAt?: string;
  /** patients evaluated (with or without prompts) */
  evaluated: number;
  /** NDJSON lines the run could not read */
  failures: number;
  /** only patients with at least one prompt: the worklist */
  patients: TeamPatient[];
  indicators: TeamIndicator[];
}

/** What the demo (or a hospital's web server) answers at the team endpoint. */
export interface TeamPayload {
  /** a fresh run is under way (POST started it) */
  running: boolean;
  /** the last run failed: a short reason (no patient data) */
  error?: string;
  /** absent until a run has completed */
  view?: TeamView;
}

export interface RunFiles {
  /** worklist.json (text or parsed) */
  worklist: string | unknown;
  /** worklist.csv (text) */
  csv: string;
  /** indicators.json (text or parsed) */
  indicators: string | unknown;
  /** run.json (text or parsed), written by scripts/population.ts; absent for older runs */
  run?: string | unknown;
  ranAt?: string;
}

const INDICATORS: readonly Indicator[] = ['critical', 'warning', 'info'];
const parse = (v: string | unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** RFC 4180: quoted cells with "" for a quote, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** patient reference → name and ward, from worklist.csv (the first row of each patient). */
function namesAndWards(csv: string): Map<string, { name?: string; ward?: string }> {
  const [header, ...rows] = parseCsv(csv);
  const col = (n: string) => header?.indexOf(n) ?? -1;
  const [p, n, w] = [col('patient'), col('naam'), col('afdeling')];
  const out = new Map<string, { name?: string; ward?: string }>();
  if (p < 0) return out;
  for (const r of rows) {
    const ref = r[p];
    if (!ref || out.has(ref)) continue;
    out.set(ref, { name: n >= 0 ? str(r[n]) : undefined, ward: w >= 0 ? str(r[w]) : undefined });
  }
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string' && x !== ''))] : []);

/** run.json → source and completeness. Without it the completeness is unknown, so not "complete". */
function runInfo(run: unknown): { source?: TeamSourceInfo; completeness: TeamCompleteness } {
  if (!run || typeof run !== 'object') return { completeness: { complete: false, known: false, exportErrors: [], notOffered: [] } };
  const r = run as { source?: Record<string, unknown>; exportErrors?: unknown; notOffered?: unknown };
  const src = r.source ?? {};
  const source: TeamSourceInfo = {
    ...(str(src.server) ? { server: str(src.server) } : {}),
    ...(str(src.group) ? { group: str(src.group) } : {}),
    ...(str(src.ndjson) ? { ndjson: str(src.ndjson) } : {}),
  };
  const exportErrors = strings(r.exportErrors);
  const notOffered = strings(r.notOffered);
  return { source, completeness: { complete: !exportErrors.length && !notOffered.length, known: true, exportErrors, notOffered } };
}

/** One JSON for the team screen from a population run's output files. */
export function buildTeamView(files: RunFiles): TeamView {
  const worklist = parse(files.worklist) as { now?: string; results?: { patient?: string; prompts?: Record<string, unknown>[] }[]; failures?: unknown[] };
  const indicators = parse(files.indicators) as { indicators?: { id: string; period: string; ward?: string; numerator: number; denominator: number; patients?: { unreadable?: unknown[] } }[] };
  const who = namesAndWards(files.csv);
  const patients: TeamPatient[] = [];
  for (const r of worklist.results ?? []) {
    const ref = r.patient ?? '';
    const id = /^Patient\/(.+)$/.exec(ref)?.[1];
    const prompts = (r.prompts ?? []).map(
      (p): TeamPrompt => ({
        code: String(p.code),
        indicator: INDICATORS.includes(p.indicator as Indicator) ? (p.indicator as Indicator) : 'info',
        summary: String(p.summary ?? ''),
        ...(str(p.due) ? { due: p.due as string } : {}),
        key: String(p.key ?? `${ref}|${String(p.code)}`),
      }),
    );
    if (!id || !prompts.length) continue;
    const w = who.get(ref);
    patients.push({ id, ...(w?.name ? { name: w.name } : {}), ...(w?.ward ? { ward: w.ward } : {}), prompts });
  }
  const info = runInfo(files.run === undefined ? undefined : parse(files.run));
  return {
    ...(info.source ? { source: info.source } : {}),
    completeness: info.completeness,
    now: String(worklist.now ?? ''),
    ...(files.ranAt ? { ranAt: files.ranAt } : {}),
    evaluated: worklist.results?.length ?? 0,
    failures: worklist.failures?.length ?? 0,
    patients: sortPatients(patients),
    indicators: (indicators.indicators ?? []).map((e) => ({
      id: e.id,
      period: e.period,
      ...(e.ward !== undefined ? { ward: e.ward } : {}),
      numerator: e.numerator,
      denominator: e.denominator,
      unreadable: e.patients?.unreadable?.length ?? 0,
    })),
  };
}

/** The filter key of "no ward" (a patient at home, at the outpatient clinic, or deceased). */
export const NO_WARD = '';

export interface TeamFilter {
  /** a ward name, NO_WARD for patients on no ward, undefined for all */
  ward?: string;
  code?: string;
  indicator?: Indicator;
}

const severity = (p: TeamPatient) => Math.min(...p.prompts.map((x) => INDICATORS.indexOf(x.indicator)));
const collator = new Intl.Collator('nl');

/** By ward (named wards alphabetically, no ward last), then the most urgent first, then by name. */
export function sortPatients(patients: TeamPatient[]): TeamPatient[] {
  return [...patients].sort((a, b) => {
    if (!!a.ward !== !!b.ward) return a.ward ? -1 : 1;
    return collator.compare(a.ward ?? '', b.ward ?? '') || severity(a) - severity(b) || collator.compare(a.name ?? '', b.name ?? '') || collator.compare(a.id, b.id);
  });
}

/** The patients the filter keeps, each with only its matching prompts (a patient with none drops out). */
export function filterPatients(patients: readonly TeamPatient[], f: TeamFilter): TeamPatient[] {
  const out: TeamPatient[] = [];
  for (const p of patients) {
    if (f.ward !== undefined && (p.ward ?? NO_WARD) !== f.ward) continue;
    const prompts = p.prompts.filter((x) => (!f.code || x.code === f.code) && (!f.indicator || x.indicator === f.indicator));
    if (prompts.length) out.push({ ...p, prompts });
  }
  return out;
}

export interface Option {
  value: string;
  /** patients with at least one prompt of this option (under the other filters) */
  patients: number;
}

/** The choices of each filter with their patient counts, given the other two filters. */
export function filterOptions(patients: readonly TeamPatient[], f: TeamFilter): { wards: Option[]; codes: Option[]; indicators: Option[] } {
  const count = (list: TeamPatient[], key: (p: TeamPatient) => string[]) => {
    const m = new Map<string, number>();
    for (const p of list) for (const k of new Set(key(p))) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const wards = count(filterPatients(patients, { ...f, ward: undefined }), (p) => [p.ward ?? NO_WARD]);
  const codes = count(filterPatients(patients, { ...f, code: undefined }), (p) => p.prompts.map((x) => x.code));
  const inds = count(filterPatients(patients, { ...f, indicator: undefined }), (p) => p.prompts.map((x) => x.indicator));
  const toOptions = (m: Map<string, number>) => [...m].map(([value, n]) => ({ value, patients: n }));
  return {
    wards: toOptions(wards).sort((a, b) => (a.value === NO_WARD ? 1 : b.value === NO_WARD ? -1 : collator.compare(a.value, b.value))),
    codes: toOptions(codes).sort((a, b) => collator.compare(a.value, b.value)),
    indicators: INDICATORS.filter((i) => inds.has(i)).map((i) => ({ value: i, patients: inds.get(i)! })),
  };
}

/** Consecutive runs of one ward, for the grouped list. */
export function groupByWard(patients: readonly TeamPatient[]): { ward?: string; patients: TeamPatient[] }[] {
  const groups: { ward?: string; patients: TeamPatient[] }[] = [];
  for (const p of sortPatients([...patients])) {
    const last = groups[groups.length - 1];
    if (last && last.ward === p.ward) last.patients.push(p);
    else groups.push({ ward: p.ward, patients: [p] });
  }
  return groups;
}

/** Prompts per ward and code, for the "worklist by ward" chart. */
export function wardCodeCounts(patients: readonly TeamPatient[]): { ward?: string; code: string; count: number }[] {
  const m = new Map<string, { ward?: string; code: string; count: number }>();
  for (const p of patients)
    for (const x of p.prompts) {
      const k = `${p.ward ?? NO_WARD}\u0000${x.code}`;
      const e = m.get(k) ?? m.set(k, { ...(p.ward ? { ward: p.ward } : {}), code: x.code, count: 0 }).get(k)!;
      e.count++;
    }
  return [...m.values()];
}

/** A FHIR base for comparison: scheme and host lowercased (URL does it), no trailing slash, no query. */
export function normaliseFhirBase(base: string): string | undefined {
  try {
    const u = new URL(base);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** The run's patient ids are ids on `runServer`; opening one on another server opens another patient. */
export function sameFhirBase(runServer: string, sessionServer: string): boolean {
  const a = normaliseFhirBase(runServer);
  return a !== undefined && a === normaliseFhirBase(sessionServer);
}

const normName = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl');

/**
 * The Patient the app loaded is the one the list named: its display name, or any of its names (text, or
 * given + family), equals the list's. A list entry without a name matches only a Patient without one.
 */
export function patientMatchesListName(listName: string | undefined, patient: Record<string, unknown> | undefined): boolean {
  if (!patient) return false;
  const names = new Set<string>();
  const shown = displayName(patient);
  if (shown) names.add(normName(shown));
  for (const n of arr(patient.name)) {
    if (typeof n.text === 'string' && n.text.trim()) names.add(normName(n.text));
    const given = Array.isArray(n.given) ? n.given.filter((g): g is string => typeof g === 'string') : [];
    const full = [...given, typeof n.family === 'string' ? n.family : ''].filter(Boolean).join(' ');
    if (full) names.add(normName(full));
  }
  return listName ? names.has(normName(listName)) : names.size === 0;
}
