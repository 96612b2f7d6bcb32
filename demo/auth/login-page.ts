// The sandbox login of the standalone launch: pick who you are (one practitioner per role) and, when
// the app asked for `launch/patient`, which patient. A real hospital puts its own login here; the
// OAuth protocol around it is the real one.
import { html, type Html } from '../html';
import type { DemoUser } from '../seed/people';

const OAUTH_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'aud', 'code_challenge', 'code_challenge_method'];

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#eef2f5;margin:0;color:#1b2733}
main{max-width:34rem;margin:3rem auto;background:#fff;border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.12);padding:1.5rem 2rem}
h1{font-size:1.35rem;margin-top:0}fieldset{border:1px solid #c8d1da;border-radius:6px;margin:1rem 0;padding:.75rem 1rem}
legend{font-weight:600}label{display:block;padding:.3rem 0}select{width:100%;padding:.4rem;font-size:1rem}
.note{font-size:.85rem;color:#4a5a6a}.actions{display:flex;gap:.75rem;justify-content:flex-end}
button{font-size:1rem;padding:.5rem 1.1rem;border-radius:5px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b5cad}`;

export function page(title: string, body: Html): Html {
  return html`<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(title: string, message: string): Html {
  return page(title, html`<h1>${title}</h1><p role="alert">${message}</p>`);
}

export function loginPage(opts: {
  params: Record<string, string | undefined>;
  users: DemoUser[];
  patients: { id: string; name: string; birthDate?: string; deceased: boolean }[];
  clientName: string;
  needPatient: boolean;
}): Html {
  const hidden = OAUTH_PARAMS.filter((k) => opts.params[k] !== undefined).map((k) => html`<input type="hidden" name="${k}" value="${opts.params[k]}">`);
  return page(
    'Inloggen: demo-ziekenhuis',
    html`<h1>Inloggen bij het demo-ziekenhuis</h1>
<p><strong>${opts.clientName}</strong> vraagt toegang tot het dossier namens u.</p>
<p class="note">Sandbox: kies een zorgverlener in plaats van een wachtwoord. Alle gegevens zijn fictief.</p>
<form method="post" action="authorize">
${hidden}<input type="hidden" name="pz_login" value="1">
<fieldset><legend>Wie bent u?</legend>
${opts.users.map((u, i) => html`<label><input type="radio" name="pz_practitioner" value="${u.id}" ${i === 0 ? html`checked` : ''} data-role="${u.role}"> ${u.name} <span class="note">(${u.title})</span></label>`)}
</fieldset>
${
  opts.needPatient
    ? html`<fieldset><legend>Patiënt</legend><label for="pz_patient">Kies de patiënt</label>
<select id="pz_patient" name="pz_patient" required>${opts.patients.map((pt) => html`<option value="${pt.id}">${pt.name}${pt.birthDate ? ` (${pt.birthDate})` : ''}${pt.deceased ? ' †' : ''}</option>`)}</select></fieldset>`
    : ''
}
<div class="actions"><button type="submit" name="pz_action" value="cancel" class="secondary" formnovalidate>Weigeren</button><button type="submit" name="pz_action" value="allow">Toestaan en inloggen</button></div>
</form>`,
  );
}
