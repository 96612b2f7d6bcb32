// CDS Hooks service time per call (in process, HTTP and JWT excluded: what the service adds to the
// EHR's round trip), for one demo patient: with the full prefetch (no FHIR request) and without (one
// batch to the demo FHIR server, which has `latencyMs` injected per request).
import { randomUUID } from 'node:crypto';
import { createCdsService } from '../lib/cds-hooks/service';
import { startDemo } from '../demo/server';
import { percentile, round } from './stats';

export interface CdsFigures {
  fullPrefetchP50Ms: number;
  fullPrefetchP95Ms: number;
  noPrefetchP50Ms: number;
  noPrefetchP95Ms: number;
  requestsWithoutPrefetch: number;
}

export async function measureCds(opts: { calls?: number; latencyMs?: number; patientId?: string } = {}): Promise<CdsFigures> {
  const calls = opts.calls ?? 200;
  const patientId = opts.patientId ?? 'pz-willem-bakker';
  const demo = await startDemo({ port: 0, fixturesDir: false, buildSmart: false });
  try {
    const token = demo.issueToken('user/*.rs');
    const svc = createCdsService({ smartLaunchUrl: `${demo.url}/smart/launch.html` });
    const prefetch: Record<string, unknown> = {};
    for (const item of svc.items) {
      const b = await (await fetch(`${demo.fhirBase}/${item.template.replace('{{context.patientId}}', patientId)}`, { headers: { authorization: `Bearer ${token}` } })).json();
      prefetch[item.key] = { ...b, total: b.entry?.length ?? 0 };
    }
    const req = (withPrefetch: boolean) => ({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      fhirServer: demo.fhirBase,
      fhirAuthorization: { access_token: token, token_type: 'Bearer', expires_in: 300, scope: 'user/*.rs', subject: 'bench' },
      context: { userId: 'Practitioner/bench', patientId },
      ...(withPrefetch ? { prefetch } : {}),
    });
    const time = async (withPrefetch: boolean, n: number) => {
      const out: number[] = [];
      let requests = 0;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const r = await svc.call('patient-view', req(withPrefetch));
        out.push(performance.now() - t);
        requests = r.requests;
      }
      return { out, requests };
    };
    await time(true, 10); // warm-up (JIT, zod)
    const full = await time(true, calls);
    demo.setLatency(opts.latencyMs ?? 0);
    const none = await time(false, Math.max(20, Math.floor(calls / 5)));
    return {
      fullPrefetchP50Ms: round(percentile(full.out, 50)),
      fullPrefetchP95Ms: round(percentile(full.out, 95)),
      noPrefetchP50Ms: round(percentile(none.out, 50)),
      noPrefetchP95Ms: round(percentile(none.out, 95)),
      requestsWithoutPrefetch: none.requests,
    };
  } finally {
    await demo.close();
  }
}

// `npx tsx bench/cds.ts`: this block alone
if (import.meta.url === `file://${process.argv[1]}`) {
  measureCds().then((f) => console.log(JSON.stringify(f, null, 2)));
}
