// launch.html: the SMART launch URL registered with the EHR (EHR launch) or opened with ?iss=
// (standalone launch). Hands the browser to the server's login, or shows why it will not.
import { startSmartLaunch } from '../lib/fhir/smart-launch';
import { SmartLaunchError } from '../lib/fhir/smart-policy';

startSmartLaunch().catch((e: unknown) => {
  const message = e instanceof SmartLaunchError ? e.message : 'Palliatief Zorgpad kon niet starten.';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.dataset.testid = 'launch-error';
  p.textContent = message;
  document.body.replaceChildren(p);
});
