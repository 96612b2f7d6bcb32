// Seeded mutations of real FHIR input for the malformed-input suite: wrong types, missing fields, huge
// strings, deep nesting, HTML/script payloads, broken Bundle structure. Mutations are copy-on-write: only
// the resource (or Bundle) that is mutated is copied, so thousands of cases over large fixtures stay cheap.
import { PATIENT_SCHEMAS } from '../../../lib/pathway/schemas/resources';

export type Json = Record<string, unknown>;
type Path = (string | number)[];

/** Payloads that would run script or add elements if any text reached the page as HTML. */
export const PAYLOADS = [
  '<script>window.__pzInjected=1</script>',
  '<img src=x onerror="window.__pzInjected=1">',
  'javascript:window.__pzInjected=1',
  '"><svg onload=window.__pzInjected=1>',
  '<iframe src="javascript:window.__pzInjected=1"></iframe>',
  '<a href="javascript:window.__pzInjected=1">klik</a>',
  "'><body onload=window.__pzInjected=1>",
  // i18next interpolation and nesting, a template engine, and text-direction tricks
  '{{constructor.constructor("window.__pzInjected=1")()}} $t(app.header) {{count}}',
  '\u202e<b onmouseover=window.__pzInjected=1>evil</b>\u0000',
] as const;

/** 1 MB strings: plain, all digits (looks like a date to a lazy regex), and a reference-like one. */
const MB = 1 << 20;
export const HUGE = ['x'.repeat(MB), '2'.repeat(MB), 'Patient/'.repeat(MB / 8), PAYLOADS[1].repeat(Math.ceil(MB / PAYLOADS[1].length))] as const;

/** 10,000 levels of objects, of arrays, and of objects shaped like FHIR (coding in coding …). */
export const DEEP_LEVELS = 10_000;
function deep(make: (inner: unknown) => unknown, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < DEEP_LEVELS; i++) v = make(v);
  return v;
}
export const DEEP = [deep((x) => ({ x }), 'leaf'), deep((x) => [x], 'leaf'), deep((x) => ({ coding: [x] }), { code: 'x' })] as const;

/** Wrap a Bundle in 10,000 Bundles (each with one entry). */
export function deepBundle(inner: Json): Json {
  let v: Json = inner;
  for (let i = 0; i < DEEP_LEVELS; i++) v = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: v }] };
  return v;
}

/** Keys whose string values are prose a person reads (names, displays, notes), not codes or references. */
const TEXT_KEYS = new Set(['display', 'text', 'family', 'given', 'prefix', 'suffix', 'name', 'title', 'description', 'comment', 'note', 'valueString', 'abatementString', 'div', 'specificationOther', 'city', 'line']);

export const PATIENT_TYPES = new Set(Object.keys(PATIENT_SCHEMAS));

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** every node below `root` (not the root), with its path; stops at `maxDepth` */
export function nodes(root: unknown, maxDepth = 12): { path: Path; value: unknown }[] {
  const out: { path: Path; value: unknown }[] = [];
  const walk = (v: unknown, path: Path) => {
    if (path.length >= maxDepth) return;
    if (Array.isArray(v)) v.forEach((c, i) => (out.push({ path: [...path, i], value: c }), walk(c, [...path, i])));
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) (out.push({ path: [...path, k], value: c }), walk(c, [...path, k]));
  };
  walk(root, []);
  return out;
}

function setAt(root: Json, path: Path, value: unknown): void {
  let cur: any = root;
  for (const p of path.slice(0, -1)) cur = cur[p];
  cur[path[path.length - 1]] = value;
}
function deleteAt(root: Json, path: Path): void {
  let cur: any = root;
  for (const p of path.slice(0, -1)) cur = cur[p];
  const last = path[path.length - 1];
  if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
  else delete cur[last];
}

/** Replace every string leaf for which `pick(key)` holds (the key is the nearest object key). */
function mapStrings(v: unknown, f: (s: string, key: string | undefined) => string, key?: string): unknown {
  if (typeof v === 'string') return f(v, key);
  if (Array.isArray(v)) return v.map((c) => mapStrings(c, f, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, mapStrings(c, f, k)]));
  return v;
}

export type ResourceMutationKind = 'wrong-type' | 'missing' | 'huge-string' | 'deep-nesting' | 'payload-one' | 'payload-text' | 'payload-all' | 'resource-type';
export type BundleMutationKind = 'entry-not-list' | 'entry-broken' | 'full-url' | 'deep-bundle';

export interface ResourceMutation {
  kind: ResourceMutationKind;
  /** the mutated copy */
  resource: Json;
  /** what was changed, for the failure message */
  what: string;
  /**
   * true when the validation must report this resource: a field the schema declares got another JSON
   * type, a required field is gone, or the resource type is no resource type.
   */
  mustReport: boolean;
}

const WRONG_VALUES: unknown[] = [0, -1.5, 1e308, true, false, null, 'x', '', [], [1, 'a'], {}, { a: { b: 1 } }, [[['nested']]]];

/** A declared top-level field of the resource's schema, and whether it is required. */
function declared(type: string, key: string): { declared: boolean; required: boolean } {
  const schema = (PATIENT_SCHEMAS as Record<string, { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }>)[type];
  const field = schema?.shape[key];
  if (!field) return { declared: false, required: false };
  return { declared: true, required: !field.safeParse(undefined).success };
}

export function mutateResource(resource: Json, kind: ResourceMutationKind, rnd: () => number): ResourceMutation {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const copy = structuredClone(resource);
  const type = String(resource.resourceType);
  const all = nodes(copy).filter((n) => n.path[0] !== 'resourceType');
  const strings = all.filter((n) => typeof n.value === 'string');
  const fmt = (p: Path) => p.join('.');
  switch (kind) {
    case 'wrong-type': {
      const n = all.length ? pick(all) : { path: ['status'], value: undefined };
      const candidates = WRONG_VALUES.filter((v) => jsonType(v) !== jsonType(n.value));
      const value = pick(candidates);
      setAt(copy, n.path, value);
      const d = n.path.length === 1 ? declared(type, String(n.path[0])) : { declared: false };
      // `id` is read as the identity (a non-string id makes the resource anonymous, which is reported
      // only when the patient can then not be found); other declared fields are validated by type
      return { kind, resource: copy, what: `${fmt(n.path)} = ${JSON.stringify(value)}`, mustReport: d.declared && n.path[0] !== 'id' && n.value !== undefined };
    }
    case 'missing': {
      if (!all.length) return { kind, resource: copy, what: 'nothing to remove', mustReport: false };
      // half the time a top-level field (where the required ones are)
      const top = all.filter((n) => n.path.length === 1);
      const n = rnd() < 0.5 && top.length ? pick(top) : pick(all);
      deleteAt(copy, n.path);
      const d = n.path.length === 1 ? declared(type, String(n.path[0])) : { required: false };
      return { kind, resource: copy, what: `without ${fmt(n.path)}`, mustReport: d.required };
    }
    case 'huge-string': {
      const n = strings.length ? pick(strings) : pick(all);
      const value = pick(HUGE);
      setAt(copy, n.path, value);
      return { kind, resource: copy, what: `${fmt(n.path)} = <${value.length} chars>`, mustReport: false };
    }
    case 'deep-nesting': {
      const n = all.length ? pick(all) : { path: ['extension'] };
      const value = pick(DEEP);
      setAt(copy, n.path, value);
      return { kind, resource: copy, what: `${fmt(n.path)} = <${DEEP_LEVELS} levels>`, mustReport: false };
    }
    case 'payload-one': {
      const n: { path: Path; value?: unknown } = strings.length ? pick(strings) : { path: ['text'] };
      const payload = pick(PAYLOADS);
      setAt(copy, n.path, rnd() < 0.5 ? payload : `${String(n.value ?? '')}${payload}`);
      return { kind, resource: copy, what: `${fmt(n.path)} += payload`, mustReport: false };
    }
    case 'payload-text': {
      let i = 0;
      const out = mapStrings(copy, (s, key) => (key && TEXT_KEYS.has(key) ? `${s} ${PAYLOADS[(i++ + Math.floor(rnd() * 3)) % PAYLOADS.length]}` : s)) as Json;
      return { kind, resource: out, what: `payloads in every text field (${i})`, mustReport: false };
    }
    case 'payload-all': {
      const out = mapStrings(copy, (s, key) => (key === 'resourceType' ? s : pick(PAYLOADS))) as Json;
      return { kind, resource: out, what: 'payloads in every string', mustReport: false };
    }
    case 'resource-type': {
      const value = pick([undefined, 5, null, '', 'patient', pick(PAYLOADS), { resourceType: type }, [type], `${type} `]);
      if (value === undefined) delete copy.resourceType;
      else copy.resourceType = value;
      return { kind, resource: copy, what: `resourceType = ${JSON.stringify(value)}`, mustReport: true };
    }
  }
}

export const RESOURCE_KINDS: ResourceMutationKind[] = ['wrong-type', 'missing', 'huge-string', 'deep-nesting', 'payload-one', 'payload-text', 'payload-all', 'resource-type'];

/** Resources of an input (Bundles unwrapped, any depth), iteratively: the input may be 10,000 deep. */
export function flattenInput(inputs: readonly unknown[]): Json[] {
  const out: Json[] = [];
  const stack: unknown[] = [...inputs].reverse();
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const r = v as Json;
    if (r.resourceType === 'Bundle') {
      if (Array.isArray(r.entry)) for (let i = r.entry.length - 1; i >= 0; i--) stack.push((r.entry[i] as Json | null)?.resource);
    } else if (typeof r.resourceType === 'string') out.push(r);
  }
  return out;
}

/** Where a resource sits in an input: its index in a flat list, or its entry in a (top-level) Bundle. */
export type Slot = { list: number } | { list: number; entry: number };

export function slots(inputs: readonly unknown[]): Slot[] {
  const out: Slot[] = [];
  inputs.forEach((v, list) => {
    const r = v as Json;
    if (r?.resourceType === 'Bundle' && Array.isArray(r.entry)) r.entry.forEach((_, entry) => out.push({ list, entry }));
    else out.push({ list });
  });
  return out;
}

export function resourceAt(inputs: readonly unknown[], slot: Slot): Json {
  const v = inputs[slot.list] as Json;
  return 'entry' in slot ? ((v.entry as Json[])[slot.entry].resource as Json) : v;
}

/** A copy of `inputs` with the slot's resource replaced (`undefined`: the resource removed). */
export function replaceAt(inputs: readonly unknown[], slot: Slot, resource: Json | undefined): unknown[] {
  const out = [...inputs];
  if ('entry' in slot) {
    const bundle = inputs[slot.list] as Json;
    const entries = [...(bundle.entry as Json[])];
    if (resource === undefined) entries.splice(slot.entry, 1);
    else entries[slot.entry] = { ...entries[slot.entry], resource };
    out[slot.list] = { ...bundle, entry: entries };
  } else if (resource === undefined) out.splice(slot.list, 1);
  else out[slot.list] = resource;
  return out;
}

export interface BundleMutation {
  kind: BundleMutationKind;
  inputs: unknown[];
  what: string;
  /** the slot whose entry was broken (its resource is lost, and must be reported) */
  broken?: Slot;
}

/** Break the structure of the first Bundle of the input (the input is wrapped in one when flat). */
export function mutateBundle(inputs: readonly unknown[], kind: BundleMutationKind, rnd: () => number): BundleMutation {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const bi = inputs.findIndex((v) => (v as Json)?.resourceType === 'Bundle');
  const asBundle: unknown[] = bi >= 0 ? [...inputs] : [{ resourceType: 'Bundle', id: 'wrapped', type: 'collection', entry: inputs.map((resource) => ({ resource })) }];
  const at = Math.max(bi, 0);
  const bundle = asBundle[at] as Json;
  const entries = bundle.entry as Json[];
  switch (kind) {
    case 'deep-bundle':
      asBundle[at] = deepBundle(bundle);
      return { kind, inputs: asBundle, what: `Bundle inside ${DEEP_LEVELS} Bundles` };
    case 'entry-not-list': {
      const value = pick(['x', 5, { resource: entries[0]?.resource }, true, pick(PAYLOADS)]);
      asBundle[at] = { ...bundle, entry: value };
      return { kind, inputs: asBundle, what: `Bundle.entry = ${JSON.stringify(value).slice(0, 60)}` };
    }
    case 'entry-broken': {
      const i = Math.floor(rnd() * entries.length);
      const value = pick([null, 5, 'x', [], {}, { resource: 'x' }, { resource: [] }, { resource: null }, { resource: 7 }, { fullUrl: 'urn:uuid:x' }, pick(PAYLOADS)]);
      const copy = [...entries];
      copy[i] = value as Json;
      asBundle[at] = { ...bundle, entry: copy };
      return { kind, inputs: asBundle, what: `Bundle.entry.${i} = ${JSON.stringify(value)}`, broken: { list: at, entry: i } };
    }
    case 'full-url': {
      const i = Math.floor(rnd() * entries.length);
      const value = pick([5, null, {}, pick(PAYLOADS), HUGE[2]]);
      const copy = [...entries];
      copy[i] = { ...entries[i], fullUrl: value };
      asBundle[at] = { ...bundle, entry: copy };
      return { kind, inputs: asBundle, what: `Bundle.entry.${i}.fullUrl = ${typeof value === 'string' ? `<${value.length} chars>` : JSON.stringify(value)}` };
    }
  }
}

export const BUNDLE_KINDS: BundleMutationKind[] = ['entry-not-list', 'entry-broken', 'full-url', 'deep-bundle'];
