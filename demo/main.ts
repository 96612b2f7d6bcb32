// `npm run demo` (via scripts/demo.mjs): start the demo on PORT (default 8787) and HOST (default
// 127.0.0.1) and say where everything is. Stops cleanly on Ctrl-C.
import { loadFiles } from './seed/load-files';
import { startDemo } from './server';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT moet een poortnummer zijn (kreeg "${process.env.PORT}")`);
  process.exit(2);
}

// `--population N` (or PZ_POPULATION=N): N generated patients for scale runs (demo/seed/population.ts)
const args = process.argv.slice(2);
const popAt = args.indexOf('--population');
const populationArg = popAt >= 0 ? args.splice(popAt, 2)[1] : process.env.PZ_POPULATION;
const population = populationArg === undefined || populationArg === '' ? 0 : Number(populationArg);
if (!Number.isInteger(population) || population < 0) {
  console.error(`--population moet een aantal patiënten zijn (kreeg "${populationArg}")`);
  process.exit(2);
}

const started = Date.now();
let demo: Awaited<ReturnType<typeof startDemo>>;
try {
  demo = await startDemo({ port, host, population, log: (m) => console.log(`[demo] ${m}`), cdsDbPath: process.env.PZ_CDS_DB ?? '.data/cds-feedback.sqlite', teamRuns: { atStart: true } });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  console.error(err.code === 'EADDRINUSE' ? `Poort ${port} op ${host} is al in gebruik: kies een andere, bv. PORT=8788 npm run demo` : `Demo starten mislukt: ${err.message}`);
  process.exit(1);
}
// `npm run demo -- <file|dir>...`: the user's own records next to the seed
const own = args.filter((a) => !a.startsWith('-'));
const loaded = own.length ? await loadFiles(demo.repo, own) : undefined;
const s = demo.seed;
console.log(`
Palliatief Zorgpad demo draait (${((Date.now() - started) / 1000).toFixed(1)} s)

  Demo-EPD (afdelingen):   ${demo.url}/ehr/
  FHIR R4 base:            ${demo.fhirBase}
  CapabilityStatement:     ${demo.fhirBase}/metadata
  SMART-configuratie:      ${demo.fhirBase}/.well-known/smart-configuration
  Bulk Data (backend):     ${demo.fhirBase}/Group/group-ziekenhuis/$export, client ${demo.backend.clientId}, sleutel ${demo.backend.keyFile}
  SMART-app (standalone):  ${demo.url}/smart/launch.html?iss=${encodeURIComponent(demo.fhirBase)}

  Gegevens: ${s ? `${s.patients.length} demo-patiënten, ${s.fixtures.nictiz} Nictiz-voorbeelden, ${s.fixtures.synthea.length} Synthea-patiënten` : 'geen (seed uit)'}${
  loaded
    ? `
  Eigen gegevens: ${loaded.loaded.reduce((n, f) => n + f.resources, 0)} resources uit ${loaded.loaded.length} bestand(en); patiënten: ${
        loaded.loaded.flatMap((f) => f.patients).map((id) => `${demo.url}/ehr/patients/${encodeURIComponent(id)}`).join(', ') || 'geen'
      }${loaded.renamed.length ? `
  Nieuw id gegeven, id bestond al op de server (${loaded.renamed.length}):
    ${loaded.renamed.join('\n    ')}` : ''}${loaded.skipped.length ? `
  Niet geladen (${loaded.skipped.length}):
    ${loaded.skipped.join('\n    ')}` : ''}`
    : ''
}

Waar klikken:
  1. Open ${demo.url}/ehr/ en kies een patiënt (bv. op de SEH: de "niet reanimeren"-patiënt).
  2. Klik in de patiëntkaart op "Palliatief Zorgpad": de SMART-app start in het paneel rechts
     (EHR-launch, inloggen gaat vanzelf als demo-arts) en toont de prompts voor déze patiënt.
  3. Andere rol (specialist, SEH-arts, zaalarts, verpleegkundige): kies bovenaan bij "Ingelogd als".
  4. Afdelingsronde: op de afdelingslijst "Palliatief Zorgpad: afdelingslijst" naast een afdeling.
  5. Palliatief team (ziekenhuisbreed): bovenaan de afdelingslijst "Palliatief Zorgpad: ziekenhuisbreed"
     (de populatierun van het hele ziekenhuis loopt bij het starten op de achtergrond).

Extensie erbij: npm run build, dan chrome://extensions → Ontwikkelaarsmodus → "Uitgepakte extensie laden"
→ kies .output/chrome-mv3. In de opties van de extensie: "Demo-EPD toevoegen", dan "Inloggen". Open een
patiënt in het demo-EPD: de badge rechtsboven de patiëntbanner telt de prompts; klik erop voor het zijpaneel.
Stoppen: Ctrl-C
`);
demo.smartReady.then((ok) => {
  if (!ok) console.log('[demo] Let op: de SMART-app is niet gebouwd; voer `npm run build:smart` uit en herlaad.');
});

const stop = () => {
  demo.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
