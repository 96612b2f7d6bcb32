// The targets of design.md "Numbers to reach", judged against measured figures. Pure, so the verdicts
// are unit tested (tests/bench/targets.test.ts) and the bench script only measures and prints.

export interface BenchFigures {
  switchLatencyMs: { p50: number; p95: number; switches: number };
  /** per switch: its latency minus the server's time for its request (so the network transit counts as ours) */
  switchOverheadMs?: { p50: number; p95: number };
  /** p50 of each part of a switch: swap → request at the server, server, answer → panel */
  switchPhasesMs?: { toRequest: number; server: number; toPanel: number };
  /** the bare FHIR batch round trip (one record load) at the same injected latency */
  roundTripMs: { p50: number; p95: number };
  /** FHIR requests per patient switch, badge and panel together (median and worst) */
  requestsPerSwitch: number;
  requestsPerSwitchMax: number;
  ward30: { ms: number; requests: number };
  ward500: { ms: number; requests: number };
  contentScriptGzBytes: number;
  sidePanelGzBytes: number;
  rules: { parseMs: number; validateMs: number; evaluateMs: number; records: number; prompts: number };
  /** long tasks (> 50 ms) on the EHR page during the switches */
  hostLongTasks: number;
  /** the same switches without the extension (the EHR page's own long tasks), for reference */
  hostLongTasksWithoutExtension?: number;
  /** long tasks that would have stayed ≤ 50 ms without the content script's part of them */
  hostLongTasksFromContentScript?: number;
  /** the content script's main-thread time on the EHR page: per switch, and its longest uninterrupted run */
  contentScriptMs?: { perSwitch: number; longest: number };
}

export interface Verdict {
  what: string;
  figure: string;
  target: string;
  /** undefined: reported only, no target in design.md */
  pass?: boolean;
}

/** 15 KB gzipped (design.md), read as 15 × 1024 bytes. */
export const CONTENT_SCRIPT_BUDGET_BYTES = 15 * 1024;
/** "at most 50 ms on top of one round trip at the 95th percentile" */
export const SWITCH_OVERHEAD_MS = 50;
/** "evaluating a record is negligible next to parsing it": under a tenth, as tests/pathway/speed.test.ts holds it */
export const RULES_SHARE_OF_PARSE = 0.1;

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function judge(f: BenchFigures): Verdict[] {
  // "one round trip and at most 50 ms on top of it at the 95th percentile": the switches' p95 against the
  // bare round trip's p95 under the same load. Against the round trip's p50 the server's own jitter
  // (p95 − p50 is 30–60 ms on this 2-core machine) would be charged to the extension. The per-switch row
  // below subtracts each switch's own server time and is the direct reading; both are judged.
  const switchBudget = f.roundTripMs.p95 + SWITCH_OVERHEAD_MS;
  return [
    {
      what: 'switch → panel prompts p95',
      figure: `${ms(f.switchLatencyMs.p95)} (p50 ${ms(f.switchLatencyMs.p50)}, n=${f.switchLatencyMs.switches})`,
      target: `≤ round trip p95 + ${SWITCH_OVERHEAD_MS} ms = ${ms(switchBudget)}`,
      pass: f.switchLatencyMs.p95 <= switchBudget,
    },
    ...(f.switchOverheadMs
      ? [
          {
            what: 'switch on top of its own request p95',
            figure: `${ms(f.switchOverheadMs.p95)} (p50 ${ms(f.switchOverheadMs.p50)})`,
            target: `≤ ${SWITCH_OVERHEAD_MS} ms`,
            pass: f.switchOverheadMs.p95 <= SWITCH_OVERHEAD_MS,
          },
        ]
      : []),
    ...(f.switchPhasesMs
      ? [
          {
            what: 'switch parts p50',
            figure: `swap → request ${ms(f.switchPhasesMs.toRequest)}, server ${ms(f.switchPhasesMs.server)}, answer → panel ${ms(f.switchPhasesMs.toPanel)}`,
            target: 'where the time goes',
          },
        ]
      : []),
    { what: 'FHIR round trip (batch) p50', figure: `${ms(f.roundTripMs.p50)} (p95 ${ms(f.roundTripMs.p95)})`, target: 'reference' },
    {
      what: 'requests per switch',
      figure: `${f.requestsPerSwitch} (max ${f.requestsPerSwitchMax})`,
      target: '1 (server with batch)',
      pass: f.requestsPerSwitch <= 1 && f.requestsPerSwitchMax <= 1,
    },
    { what: 'ward of 30', figure: `${ms(f.ward30.ms)}, ${f.ward30.requests} requests`, target: '≤ 2 round trips', pass: f.ward30.requests <= 2 },
    { what: 'ward of 500', figure: `${ms(f.ward500.ms)}, ${f.ward500.requests} requests`, target: '< 5 s', pass: f.ward500.ms < 5000 },
    {
      what: 'content script (gzip)',
      figure: kb(f.contentScriptGzBytes),
      target: `≤ ${kb(CONTENT_SCRIPT_BUDGET_BYTES)}`,
      pass: f.contentScriptGzBytes <= CONTENT_SCRIPT_BUDGET_BYTES,
    },
    { what: 'side panel (gzip)', figure: kb(f.sidePanelGzBytes), target: 'reported' },
    {
      what: 'rules: evaluate vs parse',
      figure: `evaluate ${ms(f.rules.evaluateMs)}, parse ${ms(f.rules.parseMs)} (validate ${ms(f.rules.validateMs)}), ${f.rules.records} records`,
      target: `evaluate < ${RULES_SHARE_OF_PARSE * 100}% of parse`,
      pass: f.rules.evaluateMs < f.rules.parseMs * RULES_SHARE_OF_PARSE,
    },
    {
      what: 'long tasks on the EHR page',
      figure: [
        String(f.hostLongTasks),
        f.hostLongTasksFromContentScript === undefined ? '' : ` (${f.hostLongTasksFromContentScript} long only by the content script's part`,
        f.hostLongTasksWithoutExtension === undefined ? '' : `${f.hostLongTasksFromContentScript === undefined ? ' (' : '; '}without the extension: ${f.hostLongTasksWithoutExtension}`,
        f.hostLongTasksFromContentScript === undefined && f.hostLongTasksWithoutExtension === undefined ? '' : ')',
      ].join(''),
      target: '0 (> 50 ms)',
      pass: f.hostLongTasks === 0,
    },
    ...(f.contentScriptMs
      ? [
          {
            what: 'content script main thread',
            figure: `${ms(f.contentScriptMs.perSwitch)} per switch, longest run ${ms(f.contentScriptMs.longest)}`,
            target: 'no task > 50 ms of ours',
            pass: f.contentScriptMs.longest <= 50,
          },
        ]
      : []),
  ];
}
