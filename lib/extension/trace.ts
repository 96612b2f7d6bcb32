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
  | 'panel:revealed'; // panel: the current patient's view is in the page

// Only in the e2e build (the one the bench and the e2e tests load): on the EHR page the marks would be on
// the page's own timeline, telling its scripts each switch the extension saw.
const ON = import.meta.env?.MODE === 'e2e';

export function mark(step: TraceStep): void {
  if (!ON) return;
  try {
    globalThis.performance?.mark?.(`pz:${step}`);
  } catch {
    // a page that replaced performance.mark: tracing is never worth an error
  }
}
