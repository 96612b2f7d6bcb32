// Where a patient switch spends its time: User Timing marks (`performance.mark('pz:<step>')`) at each
// hop of the switch, read by the bench (bench/switch.ts) from the EHR page, the service worker and the
// side panel on their shared wall clock. Names only, never a patient or a FHIR id; a mark costs a few
// microseconds, and the buffer is bounded (the oldest marks are dropped) so a day-long session does
// not grow it.
const LIMIT = 200;

export type TraceStep =
  | 'cs:page' // content script: the page shows another patient, pz:page is sent
  | 'bg:page' // background: pz:page received (by the lane or by runtime message)
  | 'bg:lane-page' // background: a page change came over a tab's lane
  | 'bg:context' // background: the panel's context posted
  | 'bg:record' // background: the record is loaded (parsed, validated)
  | 'bg:reply' // background: the record handed to the panel's pz:record
  | 'panel:page' // panel: pz:page seen directly from the content script
  | 'panel:context' // panel: the background's context arrived
  | 'panel:record' // panel: the relayed record arrived
  | 'panel:commit'; // panel: React committed the patient view

let count = 0;
const seen = new Set<string>();
export function mark(step: TraceStep): void {
  const p = globalThis.performance;
  if (!p?.mark) return;
  try {
    if (++count > LIMIT) {
      // only our own names: on the EHR page the timeline is the page's too
      for (const n of seen) p.clearMarks(n);
      count = 1;
    }
    seen.add(`pz:${step}`);
    p.mark(`pz:${step}`);
  } catch {
    // a page that replaced performance.mark: tracing is never worth an error
  }
}
