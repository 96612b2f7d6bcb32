// `npm run cds-report`: the alert-burden figure per prompt code from the feedback database
// (PZ_CDS_DB, default .data/cds-feedback.sqlite): shown, accepted, overridden, override rate, top reasons.
import { existsSync } from 'node:fs';
import { DEFAULT_DB_PATH, openFeedbackStore } from '../lib/cds-hooks/feedback-store';

const path = process.env.PZ_CDS_DB ?? DEFAULT_DB_PATH;
if (!existsSync(path)) {
  console.error(`Geen feedbackdatabase op ${path} (PZ_CDS_DB).`);
  process.exit(1);
}
const store = openFeedbackStore(path);
const rows = store.report();
store.close();
if (process.argv.includes('--json')) console.log(JSON.stringify({ prompts: rows }, null, 2));
else {
  console.log('prompt | getoond | geaccepteerd | genegeerd | negeer-% | redenen');
  for (const r of rows) {
    const rate = r.overrideRate === null ? '-' : `${Math.round(r.overrideRate * 100)}% (${r.overridden}/${r.shown})`;
    console.log(`${r.code} | ${r.shown} | ${r.accepted} | ${r.overridden} | ${rate} | ${r.topReasons.map((x) => `${x.display ?? x.code} ×${x.count}`).join(', ')}`);
  }
}
