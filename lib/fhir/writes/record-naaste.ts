// pathway.md: RelatedPerson for the patient (nl-core ContactPerson). `relationship` is a RolCodelijst code
// (numeric, e.g. "01" eerste relatie/contactpersoon) or a v3 RoleCode (letters, e.g. "WIFE", "SON").
// A mantelzorger gets one more relationship coded with the nl-core mantelzorger code and pz#mantelzorger.
import { NL_RELATIE_CODELIJST, ROL_CODELIJST, V3_ROLE_CODE } from '../codes';
import type { Builder } from './common';
import { WriteRefusedError, clean, create, oneOf, patientRef, required } from './common';

export const recordNaaste: Builder = (intent, ctx) => {
  const rel = required(intent, 'relationship');
  let relationship;
  if (/^\d{1,3}$/.test(rel)) relationship = { coding: [{ system: ROL_CODELIJST, code: rel }] };
  else if (/^[A-Z]{2,10}$/.test(rel)) relationship = { coding: [{ system: V3_ROLE_CODE, code: rel }] };
  else throw new WriteRefusedError('record-naaste: "relationship" moet een RolCodelijst- of RoleCode-code zijn');
  const mantelzorger = oneOf(intent, 'mantelzorger', ['true', 'false'] as const) === 'true';
  const phone = intent.params.phone?.trim();
  return create(intent, ctx, clean({
    resourceType: 'RelatedPerson',
    active: true,
    patient: patientRef(intent),
    relationship: [
      relationship,
      ...(mantelzorger
        ? [{
            coding: [
              { system: NL_RELATIE_CODELIJST, code: '100001', display: 'Mantelzorger' },
              { system: ctx.pzSystem, code: 'mantelzorger', display: 'Mantelzorger' },
            ],
            text: 'Mantelzorger',
          }]
        : []),
    ],
    name: [{ text: required(intent, 'name') }],
    telecom: phone ? [{ system: 'phone', value: phone }] : undefined,
  }));
};
