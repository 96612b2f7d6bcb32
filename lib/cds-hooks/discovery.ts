// The discovery document (GET /cds-services): one service per hook, each prefetching exactly the
// record searches lib/fhir runs for one patient (GP `_include`s too), so an EHR that prefetches costs
// the service no FHIR round trip at all.
import { DEFAULT_PZ_SYSTEM } from '../fhir/codes';
import { recordSearches, type RecordSearch } from '../fhir/record-searches';
import type { CdsService, HookName } from './schemas';

/** What the record searches use for the patient id, replaced by the CDS Hooks prefetch token. */
const PLACEHOLDER = 'PZCONTEXTPATIENTID';
const TOKEN = '{{context.patientId}}';

export interface PrefetchItem {
  /** prefetch key: the resource type in camel case ("patient", "condition", …) */
  key: string;
  /** the template as published */
  template: string;
  search: RecordSearch;
}

export interface PrefetchOptions {
  pzSystem?: string;
  pageSize?: number;
}

/** The prefetch items, in the order of recordSearches (Patient first). */
export function prefetchItems(opts: PrefetchOptions = {}): PrefetchItem[] {
  return recordSearches([PLACEHOLDER], { pzSystem: opts.pzSystem ?? DEFAULT_PZ_SYSTEM, pageSize: opts.pageSize ?? 500 }).map((search) => ({
    key: search.resourceType[0].toLowerCase() + search.resourceType.slice(1),
    template: search.url.split(PLACEHOLDER).join(TOKEN),
    search,
  }));
}

/** The record search for this patient behind a prefetch item (the template with the id filled in). */
export function searchFor(item: PrefetchItem, patientId: string): RecordSearch {
  return { ...item.search, url: item.search.url.split(PLACEHOLDER).join(encodeURIComponent(patientId)) };
}

export const SERVICE_IDS: Record<HookName, string> = {
  'patient-view': 'palliatief-zorgpad-patient-view',
  'encounter-start': 'palliatief-zorgpad-encounter-start',
  'encounter-discharge': 'palliatief-zorgpad-encounter-discharge',
};

const DESCRIPTIONS: Record<HookName, { title: string; description: string }> = {
  'patient-view': {
    title: 'Palliatief Zorgpad',
    description: 'Alle signalen van het palliatieve zorgpad voor deze patiënt: signaleren, markeren, behandelwensen, coördinatie, naasten en nazorg.',
  },
  'encounter-start': {
    title: 'Palliatief Zorgpad: SEH en opname',
    description: 'Bij aankomst op de SEH of opname: behandelwensen en behandelgrenzen, huisarts/HAP bellen, consult palliatief team eerst.',
  },
  'encounter-discharge': {
    title: 'Palliatief Zorgpad: ontslag',
    description: 'Bij ontslag: wat er in de (warme) overdracht nog ontbreekt, eerst.',
  },
};

export function discovery(opts: PrefetchOptions = {}): { services: CdsService[] } {
  const prefetch = Object.fromEntries(prefetchItems(opts).map((i) => [i.key, i.template]));
  return {
    services: (Object.keys(SERVICE_IDS) as HookName[]).map((hook) => ({
      hook,
      id: SERVICE_IDS[hook],
      ...DESCRIPTIONS[hook],
      prefetch,
      usageRequirements: 'Een ondertekende JWT (ES384 of RS384) van een vertrouwde client; fhirServer met fhirAuthorization als de prefetch onvolledig is.',
    })),
  };
}

export function hookOfService(id: string): HookName | undefined {
  return (Object.keys(SERVICE_IDS) as HookName[]).find((h) => SERVICE_IDS[h] === id);
}
