// The CapabilityStatement at /fhir/metadata: what this server does (and no more), including the SMART
// oauth-uris extension so clients that read metadata instead of .well-known find the endpoints.
import { getResourceTypes } from '@medplum/core';
import type { CapabilityStatement } from '@medplum/fhirtypes';

export function capabilityStatement(origin: string, fhirBase: string, now: Date): CapabilityStatement {
  const interactions = ['read', 'vread', 'update', 'create', 'search-type', 'history-instance'].map((code) => ({ code }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    publisher: 'Palliatief Zorgpad demo',
    software: { name: 'Palliatief Zorgpad demo FHIR server (@medplum/fhir-router MemoryRepository)', version: '4.5.2' },
    implementation: { description: 'Palliatief Zorgpad demo: synthetic data only', url: fhirBase },
    fhirVersion: '4.0.1',
    // Bulk Data Access 2.0 (demo/bulk): system, Patient and Group $export
    instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }], text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)' }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: `${origin}/auth/authorize` },
                { url: 'token', valueUri: `${origin}/auth/token` },
              ],
            },
          ],
        },
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
        resource: getResourceTypes()
          .map((type) => ({
            type,
            interaction: interactions,
            conditionalCreate: true,
            updateCreate: true,
            versioning: 'versioned' as const,
            // the repository resolves _include (and :iterate) for reference parameters (repository.ts)
            ...(type === 'Patient' || type === 'Group' ? { operation: [{ name: 'export', definition: `http://hl7.org/fhir/uv/bulkdata/OperationDefinition/${type.toLowerCase()}-export` }] } : {}),
            ...(type === 'Patient' ? { searchInclude: ['Patient:general-practitioner'] } : type === 'PractitionerRole' ? { searchInclude: ['PractitionerRole:organization', 'PractitionerRole:practitioner'] } : {}),
          })),
      },
    ],
  } as CapabilityStatement;
}
