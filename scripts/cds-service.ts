// `npm run cds-service`: the CDS Hooks service on its own. PORT (default 8790), HOST (default
// 127.0.0.1), PZ_CDS_CONFIG (optional JSON: publicOrigin, smartLaunchUrl, dbPath, pzSystem),
// PZ_CDS_CLIENTS (JSON allowlist of clients). Never logs a JWT, a token or patient data.
import { readFileSync } from 'node:fs';
import express from 'express';
import { z } from 'zod';
import { readTrustedClients } from '../lib/cds-hooks/auth';
import { createCdsHooks } from '../lib/cds-hooks/router';

const Config = z.object({ publicOrigin: z.string().url().optional(), smartLaunchUrl: z.string().url().optional(), dbPath: z.string().optional(), pzSystem: z.string().url().optional() }).strict();
const port = Number(process.env.PORT ?? 8790);
const host = process.env.HOST ?? '127.0.0.1';
const config = process.env.PZ_CDS_CONFIG ? Config.parse(JSON.parse(readFileSync(process.env.PZ_CDS_CONFIG, 'utf8'))) : {};
const clients = process.env.PZ_CDS_CLIENTS ? readTrustedClients(process.env.PZ_CDS_CLIENTS) : [];
if (!clients.length) console.warn('[cds] geen vertrouwde clients (PZ_CDS_CLIENTS): elke aanroep krijgt 401');
const origin = config.publicOrigin ?? `http://${host}:${port}`;
const cds = createCdsHooks({
  publicOrigin: () => origin,
  smartLaunchUrl: config.smartLaunchUrl ?? `${origin}/smart/launch.html`,
  pzSystem: config.pzSystem,
  clients: () => clients,
  dbPath: config.dbPath ?? process.env.PZ_CDS_DB,
  log: (m) => console.log(`[cds] ${m}`),
});
const app = express();
app.disable('x-powered-by');
app.use('/cds-services', cds.router);
app.listen(port, host, (err?: Error) => {
  if (err) {
    console.error(`CDS-service starten mislukt: ${err.message}`);
    process.exit(1);
  }
  console.log(`CDS Hooks-service: ${origin}/cds-services (${clients.length} vertrouwde client(s))`);
});
