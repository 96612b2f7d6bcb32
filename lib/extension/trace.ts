// Where a patient switch spends its time: User Timing marks (`performance.mark('pz:<step>')`) at each
// hop of the switch, read by the bench (bench/switch.ts) from the EHR page, the service worker and the
// side panel on their shared wall clock. Names only, never a patient or a FHIR id; a mark costs a few
// microseconds; the bench and the tests clear what they read.

export type TraceStep =
  | 'cs:page' // content script: the page shows another patient, pz:page is sent
  | 'bg:page' // background: pz:page received (by the lane or by runtime message)
  | 'bg:lane-page' // background: a page change came over a tab's lane
  | 'bg:lane-joined' // background: a tab's lane frame is joined (its Port and its MessagePort)
  | 'bg:context' // background: the panel's context posted
  | 'bg:record' // background: the record is loaded (parsed, validated)
  | 'bg:reply' // background: the record handed to the panel's pz:record
  | 'panel:page' // panel: pz:page seen directly from the content script
  | 'panel:context' // panel: the background's context arrived
  | 'panel:direct' // panel: a page change applied straight off the tab's direct lane (lane frame → panel)
  | 'panel:record' // panel: the relayed record arrived
  | 'panel:commit' // panel: React committed the patient view
  | 'panel:switch' // panel: the patient views render for another patient (components/PatientViews)
  | 'panel:view' // panel: a patient view renders (none between switch and revealed: it was ready)
  | 'panel:revealed' // panel: the current patient's view is in the page
  | 'panel:flushed'; // panel: the switch's synchronous render, commit and effects are done

// Only in the e2e build (the one the bench and the e2e tests load): on the EHR page the marks would be on
// the page's own timeline, telling its scripts each switch the extension saw.
const ON = import.meta.env?.MODE === 'e2e';

/** where the extension's own pages and worker keep their marks (read and emptied by the bench and tests) */
export const TRACE_KEY = '__pzTrace';
export type TraceEntry = { name: TraceStep; /** wall clock, ms: performance.timeOrigin + performance.now() */ at: number };

export function mark(step: TraceStep): void {
  if (!ON) return;
  try {
    // The content script runs in an isolated world: only the page's performance timeline is shared with
    // what the bench can read there. Everywhere else a plain array: performance.mark() also reports each
    // mark to the browser process (PageTimingMetricsSender), which in a Chrome trace of the switch took up
    // to 12 ms of the panel's switch task on the busy machine; the measurement must not be the slow part.
    if (step.startsWith('cs:')) globalThis.performance?.mark?.(`pz:${step}`);
    else {
      const g = globalThis as unknown as Record<string, TraceEntry[] | undefined>;
      (g[TRACE_KEY] ??= []).push({ name: step, at: performance.timeOrigin + performance.now() });
    }
  } catch {
    // a page that replaced performance.mark: tracing is never worth an error
  }
}

