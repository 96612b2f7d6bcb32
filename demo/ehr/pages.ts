// The demo EHR's pages (Dutch): ward list and patient chart, laid out the way Dutch hospital EHRs do
// (a patient banner on top with name, birth date + age, BSN; tabs below; an app panel beside the chart).
// The chart's `#patient-banner[data-patient-id][data-bsn]` is what the extension's demo adapter reads.
import { html, raw, type Html } from '../html';
import { DEMO_USERS, SEH_LOCATION, WARDS, type DemoUser } from '../seed/people';
import type { Chart, PatientSummary, WardList } from './data';
import { EHR_CSS } from './style';
import { EHR_SCRIPT } from './script';
import { CDS_CSS, CDS_SCRIPT } from '../cds-client/script';

const GENDER: Record<string, string> = { male: 'man', female: 'vrouw', other: 'anders', unknown: 'onbekend' };
const ENCOUNTER_CLASS: Record<string, string> = { EMER: 'SEH-bezoek', IMP: 'Opname', ACUTE: 'Opname (acuut)', AMB: 'Polikliniek', HH: 'Thuis', VR: 'Beeldbellen' };
const ENCOUNTER_STATUS: Record<string, string> = { planned: 'gepland', arrived: 'aangekomen', triaged: 'getrieerd', 'in-progress': 'lopend', onleave: 'met verlof', finished: 'afgerond', cancelled: 'geannuleerd' };

export function nlDate(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}-${m[2]}-${m[1]}` : '';
}

function layout(title: string, user: DemoUser, body: Html, returnTo: string): Html {
  return html`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>${raw(EHR_CSS)}${raw(CDS_CSS)}</style></head>
<body>
<header class="topbar">
  <a class="brand" href="/ehr/">Spaarnestad Ziekenhuis <span>demo-EPD</span></a>
  <nav aria-label="Hoofdmenu"><a href="/ehr/">Afdelingen</a></nav>
  <form class="user" method="post" action="/ehr/user">
    <label for="pz-user">Ingelogd als</label>
    <select id="pz-user" name="user" data-testid="user-switch" onchange="this.form.submit()">
      ${DEMO_USERS.map((u) => html`<option value="${u.id}" ${u.id === user.id ? raw('selected') : ''}>${u.name} (${u.title})</option>`)}
    </select>
    <input type="hidden" name="returnTo" value="${returnTo}">
    <noscript><button type="submit">Wissel</button></noscript>
  </form>
</header>
${body}
<footer class="demo-note">Demo: alle patiënten en zorgverleners zijn fictief. BSN-nummers beginnen met 9990 en bestaan niet.</footer>
<script>${raw(EHR_SCRIPT)}</script>
<script>${raw(CDS_SCRIPT)}</script>
</body></html>`;
}

function patientRow(p: PatientSummary): Html {
  return html`<tr data-patient-id="${p.id}">
  <td>${p.bed ?? ''}</td>
  <td><a href="/ehr/patients/${encodeURIComponent(p.id)}">${p.name}</a></td>
  <td>${nlDate(p.birthDate)}${p.age !== undefined ? ` (${p.age} jr)` : ''}</td>
  <td>${p.bsn ?? ''}</td>
  <td>${p.deceased ? `overleden ${typeof p.deceased === 'string' ? nlDate(p.deceased) : ''}` : p.encounter ? (p.encounter.class?.code === 'EMER' ? 'SEH' : 'opgenomen') : ''}</td>
</tr>`;
}

/** The SMART app beside the EHR's content, as hospital EHRs embed apps (chart and ward list alike). */
function appPanel(): Html {
  return html`<aside class="app-panel" id="app-panel" aria-label="Palliatief Zorgpad" hidden>
    <div class="app-panel-head"><span>Palliatief Zorgpad</span><button type="button" class="close" data-testid="close-smart" aria-label="Sluit paneel">×</button></div>
    <iframe id="smart-frame" title="Palliatief Zorgpad (SMART-app)" data-testid="smart-frame"></iframe>
  </aside>`;
}

function table(caption: string, id: string, patients: PatientSummary[], location?: string): Html {
  return html`<section class="ward" aria-labelledby="${id}-h" data-ward="${id}">
<h2 id="${id}-h">${caption} <span class="count">${patients.length}</span>${
    location
      ? html` <button type="button" class="launch launch-ward" data-testid="launch-smart-ward" data-launch-url="/ehr/wards/${encodeURIComponent(location)}/smart-launch" aria-label="Palliatief Zorgpad: afdelingslijst ${caption}">Palliatief Zorgpad: afdelingslijst</button>`
      : ''
  }</h2>
${
  patients.length
    ? html`<table><thead><tr><th scope="col">Bed</th><th scope="col">Naam</th><th scope="col">Geboortedatum</th><th scope="col">BSN</th><th scope="col">Status</th></tr></thead>
<tbody>${patients.map(patientRow)}</tbody></table>`
    : html`<p class="empty">Geen patiënten.</p>`
}
</section>`;
}

export function wardListPage(list: WardList, user: DemoUser): Html {
  const body = html`<main id="main" class="wards">
<div class="wards-head"><h1>Afdelingsoverzicht</h1>
<button type="button" class="launch launch-team" data-testid="launch-smart-team" data-launch-url="/ehr/hospital/smart-launch" data-panel-wide>Palliatief Zorgpad: ziekenhuisbreed</button></div>
<div class="chart-body"><div class="chart-content">
${list.wards.map((w) => table(w.name, w.id, w.patients, w.id))}
${table('Spoedeisende Hulp (SEH)', 'seh', list.seh, SEH_LOCATION.id)}
${table('Overige patiënten (poli, thuis, toegevoegd)', 'overig', list.other)}
${table('Overleden (nazorg)', 'overleden', list.deceased)}
</div>
${appPanel()}
</div>
</main>`;
  return layout('Afdelingen: demo-EPD', user, body, '/ehr/');
}

function text(cc: { text?: string; coding?: { display?: string; code?: string }[] } | undefined): string {
  return cc?.text ?? cc?.coding?.find((c) => c.display)?.display ?? cc?.coding?.[0]?.code ?? '';
}

export function chartMain(c: Chart, nextId: string | undefined, user: DemoUser): Html {
  const s = c.summary;
  const enc = s.encounter;
  const wardName = WARDS.find((w) => w.id === s.locationId)?.name ?? (enc?.class?.code === 'EMER' ? 'SEH' : '');
  const activeConds = c.conditions.filter((x) => !['inactive', 'resolved', 'remission'].includes(x.clinicalStatus?.coding?.[0]?.code ?? 'active'));
  const activeMeds = c.medications.filter((m) => m.status === 'active');
  return html`<main id="main" class="chart" data-patient-id="${s.id}">
<section id="patient-banner" class="banner" aria-label="Patiëntgegevens" data-patient-id="${s.id}" data-bsn="${s.bsn ?? ''}">
  <div class="banner-name"><h1 data-testid="patient-name">${c.patient.name?.[0]?.family ? `${c.patient.name[0].family}, ${c.patient.name[0].given?.join(' ') ?? ''}` : s.name}</h1>
  ${s.deceased ? html`<span class="deceased" data-testid="deceased">† overleden ${typeof s.deceased === 'string' ? nlDate(s.deceased) : ''}</span>` : ''}</div>
  <dl class="banner-facts">
    <div><dt>Geboren</dt><dd data-testid="birth-date">${nlDate(s.birthDate)}${s.age !== undefined && !s.deceased ? ` (${s.age} jaar)` : ''}</dd></div>
    <div><dt>Geslacht</dt><dd>${GENDER[s.gender ?? ''] ?? ''}</dd></div>
    <div><dt>BSN</dt><dd data-testid="bsn">${s.bsn ?? 'onbekend'}</dd></div>
    <div><dt>Patiëntnr.</dt><dd>${s.id}</dd></div>
    <div><dt>Huisarts</dt><dd>${c.gp ?? 'onbekend'}</dd></div>
    ${enc ? html`<div><dt>Opname</dt><dd data-encounter-id="${enc.id}">${wardName}${s.bed ? `, ${s.bed}` : ''}</dd></div>` : ''}
  </dl>
  <div class="banner-actions">
    <button type="button" class="launch" data-testid="launch-smart" data-launch-url="/ehr/patients/${encodeURIComponent(s.id)}/smart-launch${enc?.id ? `?encounter=${encodeURIComponent(enc.id)}` : ''}">Palliatief Zorgpad</button>
    ${nextId ? html`<a class="next" data-testid="next-patient" href="/ehr/patients/${encodeURIComponent(nextId)}">Volgende patiënt →</a>` : ''}
  </div>
</section>
<div class="chart-body">
  <div class="chart-content">
    ${cdsSection(c)}
    <nav class="tabs" role="tablist" aria-label="Dossier">
      <button role="tab" aria-selected="true" aria-controls="tab-overzicht" id="t-overzicht">Overzicht</button>
      <button role="tab" aria-selected="false" aria-controls="tab-medicatie" id="t-medicatie" tabindex="-1">Medicatie</button>
      <button role="tab" aria-selected="false" aria-controls="tab-wensen" id="t-wensen" tabindex="-1">Behandelwensen</button>
      <button role="tab" aria-selected="false" aria-controls="tab-naasten" id="t-naasten" tabindex="-1">Naasten en zorgteam</button>
    </nav>
    <section role="tabpanel" id="tab-overzicht" aria-labelledby="t-overzicht">
      <h2>Probleemlijst</h2>
      ${activeConds.length ? html`<ul>${activeConds.map((x) => html`<li>${text(x.code)}${x.onsetDateTime ? html` <span class="muted">sinds ${nlDate(x.onsetDateTime)}</span>` : ''}</li>`)}</ul>` : html`<p class="empty">Geen actieve problemen.</p>`}
      <h2>Contacten</h2>
      ${c.encounters.length ? html`<ul>${c.encounters.slice(0, 8).map((e) => html`<li>${ENCOUNTER_CLASS[e.class?.code ?? ''] ?? e.class?.display ?? e.class?.code ?? 'Contact'} <span class="muted">${ENCOUNTER_STATUS[e.status] ?? e.status}, ${nlDate(e.period?.start)}${e.period?.end ? ` t/m ${nlDate(e.period.end)}` : ''}</span></li>`)}</ul>` : html`<p class="empty">Geen contacten.</p>`}
    </section>
    <section role="tabpanel" id="tab-medicatie" aria-labelledby="t-medicatie" hidden>
      <h2>Actuele medicatie</h2>
      ${activeMeds.length ? html`<ul>${activeMeds.map((m) => html`<li>${text(m.medicationCodeableConcept)}</li>`)}</ul>` : html`<p class="empty">Geen actuele medicatie.</p>`}
    </section>
    <section role="tabpanel" id="tab-wensen" aria-labelledby="t-wensen" hidden>
      <h2>Behandelgrenzen en wilsverklaringen</h2>
      ${c.consents.length ? html`<ul>${c.consents.map((x) => html`<li>${x.provision?.type === 'deny' ? 'NIET' : x.provision?.type === 'permit' ? 'WEL' : ''} ${x.provision?.code?.map(text).join(', ') ?? ''} <span class="muted">${x.status}${x.dateTime ? `, ${nlDate(x.dateTime)}` : ''}</span></li>`)}</ul>` : html`<p class="empty">Geen behandelwensen vastgelegd.</p>`}
    </section>
    <section role="tabpanel" id="tab-naasten" aria-labelledby="t-naasten" hidden>
      <h2>Naasten</h2>
      ${c.related.length ? html`<ul>${c.related.map((r) => html`<li>${r.name?.[0]?.text ?? [r.name?.[0]?.given?.join(' '), r.name?.[0]?.family].filter(Boolean).join(' ')} <span class="muted">${r.relationship?.map(text).join(', ')}</span></li>`)}</ul>` : html`<p class="empty">Geen naasten vastgelegd.</p>`}
      <h2>Zorgteams</h2>
      ${c.careTeams.length ? html`<ul>${c.careTeams.map((t) => html`<li>${t.name ?? 'Zorgteam'} <span class="muted">${(t.participant ?? []).map((p) => p.member?.display).filter(Boolean).join(', ')}</span></li>`)}</ul>` : html`<p class="empty">Geen zorgteams.</p>`}
    </section>
  </div>
  ${appPanel()}
</div>
<p class="muted who">Huidige gebruiker: ${user.name}, ${user.title}</p>
</main>`;
}

/** Where the EHR shows CDS Hooks cards: patient-view always, encounter-start first at the SEH, discharge on demand. */
function cdsSection(c: Chart): Html {
  const enc = c.summary.encounter;
  const active = enc && ['arrived', 'triaged', 'in-progress'].includes(enc.status);
  const seh = active && enc?.class?.code === 'EMER';
  const inpatient = active && ['IMP', 'ACUTE'].includes(enc?.class?.code ?? '');
  return html`<section id="cds-cards" class="cds" aria-label="Beslisondersteuning" data-patient-id="${c.summary.id}" data-encounter-id="${active ? (enc?.id ?? '') : ''}" data-hooks="${seh ? 'encounter-start,patient-view' : 'patient-view'}">
  <h2>Beslisondersteuning</h2><p class="muted" data-cds-status role="status">Signalen worden opgehaald…</p>
  ${inpatient ? html`<button type="button" data-cds-discharge data-testid="cds-discharge">Ontslag voorbereiden</button>` : ''}
  <div data-cds-list></div>
</section>`;
}

export function chartPage(c: Chart, nextId: string | undefined, user: DemoUser): Html {
  return layout(`${c.summary.name}: demo-EPD`, user, chartMain(c, nextId, user), `/ehr/patients/${encodeURIComponent(c.summary.id)}`);
}

export function notFoundPage(user: DemoUser, id: string): Html {
  return layout('Patiënt niet gevonden', user, html`<main id="main"><h1>Patiënt niet gevonden</h1><p>Er is geen patiënt met nummer ${id}.</p><p><a href="/ehr/">Terug naar de afdelingen</a></p></main>`, '/ehr/');
}
