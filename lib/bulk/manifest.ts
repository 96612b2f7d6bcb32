// The complete-status manifest of a Bulk Data export (Bulk Data Access 2.0, "Response - Complete
// Status"), validated before any file is fetched: a server answering something else is an error with
// the path of what is wrong, not a crash halfway through the downloads.
import { z } from 'zod';

const fileItem = z.object({
  type: z.string().regex(/^[A-Z][A-Za-z]+$/, 'a FHIR resource type'),
  url: z.string().url(),
  count: z.number().int().nonnegative().optional(),
});

export const ManifestSchema = z.object({
  transactionTime: z.string().min(1),
  request: z.string().min(1),
  requiresAccessToken: z.boolean(),
  output: z.array(fileItem),
  error: z.array(fileItem),
  deleted: z.array(fileItem).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
});

export type Manifest = z.infer<typeof ManifestSchema>;

export function parseManifest(json: unknown): Manifest {
  const r = ManifestSchema.safeParse(json);
  if (!r.success) {
    const where = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`The export manifest is not a Bulk Data manifest: ${where}`);
  }
  return r.data;
}
