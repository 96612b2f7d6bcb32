// Patient-level SMART scopes restrict a token to one patient's compartment. The fields below are the
// direct patient links of the FHIR R4 patient CompartmentDefinition for the types this app and the
// fixtures use; a resource outside them is simply not visible to a patient-scoped token.
const PATIENT_FIELDS = ['subject', 'patient', 'for', 'beneficiary', 'individual'] as const;

type Json = Record<string, unknown>;

function pointsTo(ref: unknown, patientId: string): boolean {
  const r = (ref as { reference?: unknown } | undefined)?.reference;
  if (typeof r !== 'string') return false;
  const m = /(?:^|\/)Patient\/([^/?#]+)(?:\/_history\/[^/]+)?$/.exec(r);
  return m?.[1] === patientId;
}

/** True when the resource is the patient or points at it through a compartment field. */
export function inPatientCompartment(resource: unknown, patientId: string): boolean {
  const r = resource as Json | undefined;
  if (!r || typeof r.resourceType !== 'string') return false;
  if (r.resourceType === 'Patient') return r.id === patientId;
  return PATIENT_FIELDS.some((f) => {
    const v = r[f];
    return Array.isArray(v) ? v.some((x) => pointsTo(x, patientId)) : pointsTo(v, patientId);
  });
}

/** The ids of the patients a resource points at through its compartment fields (bulk export by patient). */
export function compartmentPatientIds(resource: unknown): string[] {
  const r = resource as Json | undefined;
  if (!r) return [];
  const out: string[] = [];
  for (const f of PATIENT_FIELDS) {
    const v = r[f];
    for (const ref of Array.isArray(v) ? v : [v]) {
      const s = (ref as { reference?: unknown } | undefined)?.reference;
      const m = typeof s === 'string' ? /(?:^|\/)Patient\/([^/?#]+)(?:\/_history\/[^/]+)?$/.exec(s) : null;
      if (m) out.push(m[1]);
    }
  }
  return out;
}
