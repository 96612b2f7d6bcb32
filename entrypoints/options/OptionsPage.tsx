// Options: FHIR server, client id, scopes, EHR adapters (JSON, validated with zod), default role,
// language; the demo EHR in one click; login/logout. Every field says in Dutch what is wrong with it.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { BUILTIN_ADAPTERS, DEMO_EHR_ADAPTER, DEMO_EHR_BSN_ADAPTER } from '../../lib/ehr/builtin';
import { parseAdapterJson } from '../../lib/ehr/schema';
import { adapterOrigins } from '../../lib/ehr/select';
import { createLiveSession } from '../../lib/extension/live-session';
import type { LiveSessionApi } from '../../lib/extension/live-session';
import { activeAdapters, DEFAULT_OPTIONS, LANGUAGES, loadOptions, parseOptions, saveOptions, type ExtensionOptions } from '../../lib/extension/options';
import { missingOrigins, requestOrigins, type PermissionsApi } from '../../lib/extension/permissions';
import { ROLES } from '../../lib/pathway/types';

type Errors = Partial<Record<keyof ExtensionOptions, string[]>>;
const ROLE_LABEL: Record<string, string> = { specialist: 'Medisch specialist', 'seh-arts': 'SEH-arts', zaalarts: 'Zaalarts', verpleegkundige: 'Verpleegkundige' };
const local = () => browser.storage.local as unknown as Parameters<typeof loadOptions>[0];
const permissions = () => browser.permissions as unknown as PermissionsApi;

function Field(props: { label: string; hint?: string; errors?: string[]; children: (a: { id: string; 'aria-describedby': string; 'aria-invalid': boolean }) => ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children({ id, 'aria-describedby': `${id}-hint ${id}-err`, 'aria-invalid': !!props.errors?.length })}
      <p className="error" id={`${id}-err`} role={props.errors?.length ? 'alert' : undefined}>
        {props.errors?.join('\n')}
      </p>
    </div>
  );
}

export function OptionsPage() {
  const [form, setForm] = useState({ ...DEFAULT_OPTIONS, adaptersText: '[]' });
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState('');
  const [granted, setGranted] = useState<string[]>([]);
  const [user, setUser] = useState<string | null | undefined>(undefined);

  const refreshGranted = async (o: Pick<ExtensionOptions, 'adapters'>) => {
    const all = adapterOrigins(activeAdapters(o));
    const missing = await missingOrigins(permissions(), activeAdapters(o));
    setGranted(all.filter((x) => !missing.includes(x)));
  };
  const refreshUser = async (fhirBase: string, clientId: string) => {
    const s = createLiveSession(browser as unknown as LiveSessionApi, { fhirBase, clientId });
    const t = await s.token().catch(() => undefined);
    s.close();
    setUser(t ? (t.fhirUser ?? 'onbekende gebruiker') : null);
  };

  useEffect(() => {
    void loadOptions(local()).then((o) => {
      setForm({ ...o, adaptersText: JSON.stringify(o.adapters, null, 2) });
      void refreshGranted(o);
      void refreshUser(o.fhirBase, o.clientId);
    });
  }, []);

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  function validate(): { ok: true; options: ExtensionOptions } | { ok: false } {
    const adapters = parseAdapterJson(form.adaptersText.trim() || '[]');
    const { adaptersText: _t, ...rest } = form;
    const r = parseOptions({ ...rest, adapters: adapters.ok ? adapters.adapters : [] });
    const errs: Errors = r.ok ? {} : { ...r.errors };
    if (!adapters.ok) errs.adapters = adapters.errors;
    setErrors(errs);
    return r.ok && adapters.ok ? r : { ok: false };
  }

  async function save() {
    const v = validate();
    if (!v.ok) {
      setStatus('Niet opgeslagen: verbeter de gemarkeerde velden.');
      return;
    }
    // ask for host access first, while the click still counts as a user gesture
    const wanted = adapterOrigins(v.options.adapters.length ? v.options.adapters : []);
    const ok = await requestOrigins(permissions(), wanted.filter((o) => !granted.includes(o)));
    await saveOptions(local(), v.options);
    await refreshGranted(v.options);
    void refreshUser(v.options.fhirBase, v.options.clientId);
    setStatus(ok ? 'Opgeslagen.' : 'Opgeslagen, maar de toegang tot (een deel van) de EPD-adressen is geweigerd: daar verschijnt Palliatief Zorgpad niet.');
  }

  async function addDemo() {
    const ok = await requestOrigins(permissions(), DEMO_EHR_ADAPTER.origins);
    await refreshGranted({ adapters: form.adapters });
    setStatus(ok ? 'Demo-EPD toegevoegd: open http://127.0.0.1:8787/ehr/ (npm run demo).' : 'Toegang tot het demo-EPD is geweigerd.');
  }

  async function revoke(origin: string) {
    await permissions().remove({ origins: [origin] }).catch(() => false);
    await refreshGranted({ adapters: form.adapters });
  }

  async function login() {
    const v = validate();
    if (!v.ok) return;
    const s = createLiveSession(browser as unknown as LiveSessionApi, { fhirBase: v.options.fhirBase, clientId: v.options.clientId });
    try {
      const t = await s.login();
      setUser(t.fhirUser ?? 'onbekende gebruiker');
      setStatus('Ingelogd.');
    } catch (e) {
      setStatus(e instanceof Error ? e.message : 'Inloggen mislukt.');
    } finally {
      s.close();
    }
  }

  async function logout() {
    const s = createLiveSession(browser as unknown as LiveSessionApi, { fhirBase: form.fhirBase, clientId: form.clientId });
    await s.logout();
    s.close();
    setUser(null);
    setStatus('Uitgelogd.');
  }

  const builtinOrigins = adapterOrigins(BUILTIN_ADAPTERS);
  return (
    <main>
      <h1>Palliatief Zorgpad: instellingen</h1>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <section aria-labelledby="h-fhir">
          <h2 id="h-fhir">FHIR-server</h2>
          <Field label="Adres van de FHIR-server" hint="Bijvoorbeeld https://fhir.ziekenhuis.nl/r4. Demo: http://127.0.0.1:8787/fhir" errors={errors.fhirBase}>
            {(a) => <input type="url" {...a} value={form.fhirBase} onChange={set('fhirBase')} data-testid="opt-fhir-base" />}
          </Field>
          <Field label="Client-id" hint="Zoals geregistreerd bij de autorisatieserver (SMART)." errors={errors.clientId}>
            {(a) => <input type="text" {...a} value={form.clientId} onChange={set('clientId')} />}
          </Field>
          <Field label="Scopes" hint="Gescheiden door spaties; openid en fhirUser zijn nodig." errors={errors.scopes}>
            {(a) => <textarea {...a} rows={3} style={{ minHeight: '4rem' }} value={form.scopes} onChange={set('scopes')} />}
          </Field>
          <div className="row">
            <span data-testid="login-status">{user === undefined ? '' : user ? `Ingelogd als ${user}` : 'Niet ingelogd'}</span>
            {user ? (
              <button type="button" onClick={() => void logout()}>
                Uitloggen
              </button>
            ) : (
              <button type="button" onClick={() => void login()}>
                Inloggen bij de FHIR-server
              </button>
            )}
          </div>
        </section>

        <section aria-labelledby="h-ehr">
          <h2 id="h-ehr">EPD-koppelingen</h2>
          <p className="hint">
            Palliatief Zorgpad leest alleen op EPD-adressen waarvoor u toegang geeft. Ingebouwd: {BUILTIN_ADAPTERS.map((a) => a.name).join(', ')}.
          </p>
          <div className="row">
            <button type="button" onClick={() => void addDemo()} data-testid="add-demo-ehr">
              Demo-EPD toevoegen (127.0.0.1)
            </button>
          </div>
          <p className="hint">Toegang gegeven:</p>
          {granted.length ? (
            <ul className="origins" data-testid="granted-origins">
              {granted.map((o) => (
                <li key={o}>
                  {o}{' '}
                  <button type="button" onClick={() => void revoke(o)} aria-label={`Toegang tot ${o} intrekken`}>
                    Intrekken
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">nog geen ({builtinOrigins.join(', ')} via de knop hierboven)</p>
          )}
          <Field
            label="Eigen EPD-koppelingen (JSON)"
            hint={`Een lijst van koppelingen: id, name, origins (https-adressen), urlPattern en/of selector (+ attribute / textPattern), en identifierSystem of fhirId: true. Voorbeeld: ${JSON.stringify([{ ...DEMO_EHR_BSN_ADAPTER, id: 'mijn-epd', origins: ['https://epd.ziekenhuis.nl/*'] }])}`}
            errors={errors.adapters}
          >
            {(a) => <textarea {...a} spellCheck={false} value={form.adaptersText} onChange={set('adaptersText')} data-testid="opt-adapters" />}
          </Field>
        </section>

        <section aria-labelledby="h-user">
          <h2 id="h-user">Gebruik</h2>
          <Field label="Standaardrol" errors={errors.defaultRole}>
            {(a) => (
              <select {...a} value={form.defaultRole} onChange={set('defaultRole')}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r] ?? r}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Taal" errors={errors.language}>
            {(a) => (
              <select {...a} value={form.language} onChange={set('language')}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {l === 'nl' ? 'Nederlands' : 'English'}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>

        <div className="row">
          <button type="submit" className="primary" data-testid="save-options">
            Opslaan
          </button>
          <span role="status" data-testid="options-status">
            {status}
          </span>
        </div>
      </form>
    </main>
  );
}
