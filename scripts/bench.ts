// `npm run bench [-- --json <file>] [-- --switches <n>] [-- --scenario-switches <n>] [-- --quick]`: measures the figures of design.md "Numbers to
// reach" and prints them next to their targets. A missed target is printed as MISSED and does not fail
// the run; a run that cannot measure (no browser, a timeout, a wrong patient in the panel) exits 1.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bestOf } from '../bench/rules';
import { measureCds } from '../bench/cds';
import { ensureFreshBuild } from '../bench/build';
import { machine } from '../bench/machine';
import { bundleSizes } from '../bench/sizes';
import { percentile, round, summarize } from '../bench/stats';
import { measureScenario, measureSwitches, scenarioBuild, type ScenarioSamples } from '../bench/switch';
import { floorNote, formatScenarioRows, judgeScenario, type ScenarioFigures } from '../bench/scenarios';
import { describePanelNice } from '../bench/panel-priority';
import { formatTable, parseArgs } from '../bench/table';
import { judge, type BenchFigures } from '../bench/targets';
import { measureWard } from '../bench/ward';
import { measurePopulation, populationVerdicts, POPULATION_SIZES } from '../bench/population';
import { generateRecords } from '../tests/pathway/support/generate';
import { loadNictizAll, SYNTHEA_DIR, syntheaPath } from '../tests/support/fixtures';

const LATENCY_MS = 50;
const GENERATED_RECORDS = 1000;

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadBefore = machine().loadAverage1m;

  log('bundle sizes (.output/chrome-mv3)');
  ensureFreshBuild('.output/chrome-mv3', log);
  const sizes = bundleSizes('.output/chrome-mv3');

  log(`rules over the fixtures (Synthea bundles, zib2020 examples) + ${GENERATED_RECORDS} generated records`);
  const now = new Date('2024-06-15T10:00:00+02:00');
  const fixtures = readdirSync(SYNTHEA_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(syntheaPath(f.slice(0, -5)), 'utf8'));
  if (fixtures.length === 0) throw new Error(`no Synthea fixtures in ${SYNTHEA_DIR}`);
  // the zib2020 examples (converted from FHIR XML) as one collection: buildRecord splits it per patient
  fixtures.push(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: loadNictizAll().map((resource) => ({ resource })) }));
  const rules = bestOf([...fixtures, ...generateRecords(GENERATED_RECORDS, 42, { now }).map((b) => JSON.stringify(b))], now);

  log(`ward loading at ${LATENCY_MS} ms latency`);
  const ward30 = await measureWard(30, LATENCY_MS);
  const ward500 = await measureWard(500, LATENCY_MS);

  const switches = args.switches ?? (args.quick ? 10 : 60); // p95 of 60 is the 57th sample: one outlier does not decide it
  log(`${switches} patient switches in headless Chromium at ${LATENCY_MS} ms latency`);
  const sw = await measureSwitches({ switches, latencyMs: LATENCY_MS, log });

  // Population evaluation from local NDJSON (issue #14): its own block, reported beside the table.
  const population = measurePopulation(POPULATION_SIZES.filter((n) => !(args.quickPopulation || args.quick) || n < 100_000), log);

  // issue 17: the three scenarios, each in a fresh browser and demo server, judged on the bootstrap
  // interval of the p95 (bench/scenarios.ts)
  const scenarioSwitches = args.scenarioSwitches ?? (args.quick ? 20 : 200);
  const seed = args.seed ?? 17;
  const build = scenarioBuild();
  const samples: ScenarioSamples[] = [];
  try {
    for (const scenario of ['cold', 'prefetched', 'prefetched-changed'] as const) {
      log(`${scenarioSwitches} ${scenario} switches at ${LATENCY_MS} ms latency`);
      samples.push(await measureScenario({ scenario, switches: scenarioSwitches, latencyMs: LATENCY_MS, extensionDir: build.dir, log }));
    }
  } finally {
    build.remove();
  }
  const scenarioFigures: ScenarioFigures[] = samples.map((x) => ({
    scenario: x.scenario,
    visibleMs: summarize(x.visibleMs, seed),
    freshOverheadMs: summarize(x.freshOverheadMs, seed),
    requestsMax: Math.max(...x.requestsPerSwitch),
  }));
  const scenarioVerdicts = scenarioFigures.flatMap(judgeScenario);

  const figures: BenchFigures = {
    switchLatencyMs: { p50: round(percentile(sw.latenciesMs, 50)), p95: round(percentile(sw.latenciesMs, 95)), switches: sw.latenciesMs.length },
    switchOverheadMs: { p50: round(percentile(sw.phasesMs.overhead, 50)), p95: round(percentile(sw.phasesMs.overhead, 95)) },
    switchPhasesMs: {
      toRequest: round(percentile(sw.phasesMs.toRequest, 50)),
      server: round(percentile(sw.phasesMs.server, 50)),
      toPanel: round(percentile(sw.phasesMs.toPanel, 50)),
    },
    roundTripMs: { p50: round(percentile(sw.roundTripMs, 50)), p95: round(percentile(sw.roundTripMs, 95)) },
    requestsPerSwitch: percentile(sw.requestsPerSwitch, 50),
    requestsPerSwitchMax: Math.max(...sw.requestsPerSwitch),
    ward30: { ms: round(ward30.ms), requests: ward30.requests },
    ward500: { ms: round(ward500.ms), requests: ward500.requests },
    contentScriptGzBytes: sizes.contentScriptGzBytes,
    sidePanelGzBytes: sizes.sidePanelGzBytes,
    rules: { parseMs: round(rules.parseMs), validateMs: round(rules.validateMs), evaluateMs: round(rules.rulesMs), records: rules.records, prompts: rules.prompts },
    hostLongTasks: sw.hostLongTasks,
    hostLongTasksWithoutExtension: sw.hostLongTasksWithoutExtension,
    hostLongTasksFromContentScript: sw.longTaskDetail.filter((t) => t.oursMs > 0 && t.ms - t.oursMs <= 50).length,
    contentScriptMs: { perSwitch: round(sw.contentScript.totalMs / sw.latenciesMs.length, 2), longest: round(sw.contentScript.longestMs) },
  };
  const verdicts = judge(figures);
  const m = { ...machine(), loadAverage1mBefore: loadBefore };
  console.log(
    `Palliatief Zorgpad bench — ${new Date().toISOString()}, ${m.cpu}, Node ${m.node}, ${m.memoryGiB} GiB, load ${m.loadAverage1mBefore} → ${m.loadAverage1m}; server latency ${LATENCY_MS} ms`,
  );
  console.log(formatTable(verdicts));
  console.log(`\nswitch scenarios (issue 17), ${scenarioSwitches} counted switches each, 95 % bootstrap CI (seed ${seed}); met = the whole CI within the target; driver and servers at nice ${samples.map((x) => x.serverNice).join('/')} beside the browser (bench/priority.ts)`);
  console.log(['| scenario | figure | measured | target | verdict |', '|---|---|---|---|---|', ...formatScenarioRows(scenarioVerdicts)].join('\n'));
  // where the overhead goes (p50 / p95): EHR swap → fetch() of the record; its last byte → the fresh record on screen
  for (const x of samples)
    console.log(
      `  ${x.scenario}: swap → fetch ${round(percentile(x.phasesMs.toRequest, 50))} / ${round(percentile(x.phasesMs.toRequest, 95))} ms, last byte → screen ${round(percentile(x.phasesMs.toPanel, 50))} / ${round(percentile(x.phasesMs.toPanel, 95))} ms; ` +
        `request ${round(percentile(x.requestMs, 50))} ms p50 (server's stamps ${round(percentile(x.serverMs, 50))} ms; overhead on those stamps p95 ${round(percentile(x.freshOverheadServerMs, 95))} ms)`,
    );
  // where "visible" waits (a diagnostic): swap → content script, swap → the panel hears of the switch
  for (const x of samples) console.log(`  ${floorNote(x.scenario, summarize(x.pageMs, seed), summarize(x.heardMs, seed))}${x.unheard ? ` (${x.unheard} switches without a panel mark)` : ''}`);
  // the panel ran at a visible panel's priority (bench/panel-priority.ts)
  for (const x of samples) console.log(`  ${x.scenario}: ${describePanelNice(x.panelNice)}`);
  console.log(`  legacy switches: ${describePanelNice(sw.panelNice)}`);
  const missed = [...verdicts.filter((v) => v.pass === false).map((v) => v.what), ...scenarioVerdicts.filter((v) => v.verdict !== 'met').map((v) => `${v.scenario} ${v.what} (${v.verdict})`)];
  console.log('population (local NDJSON → worklist + indicators, end to end):');
  for (const p of population) console.log(`  ${p.patients.toLocaleString('en')} patients, ${p.records.toLocaleString('en')} records: ${p.seconds} s, ${p.recordsPerSecond.toLocaleString('en')} records/s, ${p.patientsPerSecond.toLocaleString('en')} patients/s, peak RSS ${p.maxRssMiB} MiB`);
  for (const v of populationVerdicts(population)) console.log(`  ${v}`);
  // CDS Hooks service (issue #13): its own block, target ≤ 20 ms p95 with the full prefetch
  log('CDS Hooks service: per-call server time');
  const cds = await measureCds({ latencyMs: LATENCY_MS });
  console.log(
    `CDS Hooks patient-view: full prefetch p50 ${cds.fullPrefetchP50Ms} ms, p95 ${cds.fullPrefetchP95Ms} ms (target ≤ 20 ms p95: ${cds.fullPrefetchP95Ms <= 20 ? 'met' : 'MISSED'}); ` +
      `no prefetch p50 ${cds.noPrefetchP50Ms} ms, p95 ${cds.noPrefetchP95Ms} ms, ${cds.requestsWithoutPrefetch} FHIR request(s) at ${LATENCY_MS} ms latency`,
  );

  console.log(missed.length ? `MISSED or uncertain: ${missed.join('; ')}` : 'all targets met');
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  if (args.json) {
    const out = {
      ...figures,
      population,
      latencyMs: LATENCY_MS,
      hostLongTaskDetail: sw.longTaskDetail,
      panelNice: sw.panelNice,
      samples: { switchLatencyMs: sw.latenciesMs.map((n) => round(n)), switchOverheadMs: sw.phasesMs.overhead.map((n) => round(n)), requestsPerSwitch: sw.requestsPerSwitch, roundTripMs: sw.roundTripMs.map((n) => round(n)) },
      cdsHooks: cds,
      targets: verdicts,
      scenarios: scenarioFigures.map((f, i) => ({
        ...f,
        uncounted: samples[i].uncounted,
        serverNice: samples[i].serverNice,
        // the request as the extension saw it (what the overhead is on top of), and the server's own stamps of it
        requestMs: summarize(samples[i].requestMs, seed),
        serverMs: summarize(samples[i].serverMs, seed),
        freshOverheadServerMs: summarize(samples[i].freshOverheadServerMs, seed),
        phasesMs: { toRequest: summarize(samples[i].phasesMs.toRequest, seed), toPanel: summarize(samples[i].phasesMs.toPanel, seed) },
        pageMs: summarize(samples[i].pageMs, seed),
        heardMs: summarize(samples[i].heardMs, seed),
        unheard: samples[i].unheard,
        panelNice: samples[i].panelNice,
        // ms after the swap of each trace step's first mark, per counted switch (lib/extension/trace.ts)
        marksMs: Object.fromEntries(Object.entries(samples[i].marksMs).map(([k, v]) => [k, summarize(v, seed)])),
        samples: {
          visibleMs: samples[i].visibleMs.map((n) => round(n)),
          freshOverheadMs: samples[i].freshOverheadMs.map((n) => round(n)),
          requestMs: samples[i].requestMs.map((n) => round(n)),
          freshOverheadServerMs: samples[i].freshOverheadServerMs.map((n) => round(n)),
          pageMs: samples[i].pageMs.map((n) => round(n)),
          heardMs: samples[i].heardMs.map((n) => round(n)),
        },
      })),
      scenarioVerdicts,
      bootstrap: { seed, resamples: 2000, level: 0.95 },
      machine: m,
      at: new Date().toISOString(),
    };
    mkdirSync(dirname(args.json), { recursive: true });
    writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
    log(`wrote ${args.json}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
