// Options: FHIR server, client id, scopes, EHR adapters (JSON, validated with zod), default role,
// language; the demo EHR in one click; login/logout. Every text comes from options-strings.ts (Dutch,
// English); the page speaks the saved `language` and switches when a new one is saved. Every field says
// what is wrong with it (lib/extension/options.ts and lib/ehr/schema.ts, rendered in the page's language
// through validationTranslate).
import { useEffect, useId, useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { BUILTIN_ADAPTERS, DEMO_EHR_ADAPTER, DEMO_EHR_BSN_ADAPTER } from '../../lib/ehr/builtin';
import { parseAdapterJson } from '../../lib/ehr/schema';
import { adapterOrigins } from '../../lib/ehr/select';
import { createLiveSession } from '../../lib/extension/live-session';
import type { LiveSessionApi } from '../../lib/extension/live-session';
import type { ManagedField } from '../../lib/extension/managed-settings';
import { activeAdapters, DEFAULT_FHIR_BASE, DEFAULT_OPTIONS, LANGUAGES, loadOptions, loadSettings, parseOptions, saveOptions, type ExtensionOptions, type ManagedAreaLike } from '../../lib/extension/options';
import { missingOrigins, requestOrigins, type PermissionsApi } from '../../lib/extension/permissions';
import { SmartLaunchError } from '../../lib/fhir/smart-policy';
import { ROLES } from '../../lib/pathway/types';
import { useOptionsT, validationTranslate } from './options-strings';

type Errors = Partial<Record<keyof ExtensionOptions, string[]>>;
/** A status line kept as key + values, so it follows a language switch. */
type Status = { key: string; values?: Record<string, string>; detail?: string } | null;
const DEMO_EHR_URL = 'http://127.0.0.1:8787/ehr/';
const DEMO_EHR_HOST = '127.0.0.1';
const local = () => browser.storage.local as unknown as Parameters<typeof loadOptions>[0];
const managedArea = () => browser.storage.managed as unknown as ManagedAreaLike;
const permissions = () => browser.permissions as unknown as PermissionsApi;

function Field(props: {
  label: string;
  hint?: string;
  errors?: string[];
  /** set by the hospital's policy: shown, not editable (the caller disables the control) */
  locked?: string;
  children: (a: { id: string; 'aria-describedby': string; 'aria-invalid': boolean }) => ReactNode;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      {props.locked && (
        <p className="locked" id={`${id}-locked`} data-testid="locked">
          {props.locked}
        </p>
      )}
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children({ id, 'aria-describedby': `${props.locked ? `${id}-locked ` : ''}${id}-hint ${id}-err`, 'aria-invalid': !!props.errors?.length })}
      <p className="error" id={`${id}-err`} role={props.errors?.length ? 'alert' : undefined}>
        {props.errors?.join('\n')}
      </p>
    </div>
  );
}

/** The login's failure as a status: a SmartLaunchError by its code (plus the detail it carries), anything else by its message. */
function loginFailure(e: unknown): Status {
  if (e instanceof SmartLaunchError) {
    // SmartLaunchError keeps no detail of its own: its message is "<text>" or "<text> (<detail>)", and
    // every <text> in lib/fhir/smart-policy.ts ends in a full stop with no ". (" before it
    const detail = /\. \(([\s\S]*)\)$/.exec(e.message)?.[1];
    return { key: `smartError.${e.code}`, detail };
  }
  return e instanceof Error && e.message ? { key: 'status.loginFailedMessage', values: { message: e.message } } : { key: 'status.loginFailed' };
}

export function OptionsPage() {
  const { t, i18n } = useOptionsT();
  const [form, setForm] = useState({ ...DEFAULT_OPTIONS, adaptersText: '[]' });
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<Status>(null);
  const [granted, setGranted] = useState<string[]>([]);
  // undefined: not known yet; null: not logged in; '': logged in, the server named no user
  const [user, setUser] = useState<string | null | undefined>(undefined);
  // what the hospital's policy set (locked here) and the policy values that were ignored, with why
  const [locked, setLocked] = useState<ManagedField[]>([]);
  const [managedErrors, setManagedErrors] = useState<Record<string, string[]>>({});

  const refreshGranted = async (o: Pick<ExtensionOptions, 'adapters'>) => {
    const all = adapterOrigins(activeAdapters(o));
    const missing = await missingOrigins(permissions(), activeAdapters(o));
    setGranted(all.filter((x) => !missing.includes(x)));
  };
  const refreshUser = async (fhirBase: string, clientId: string) => {
    const s = createLiveSession(browser as unknown as LiveSessionApi, { fhirBase, clientId });
    const token = await s.token().catch(() => undefined);
    s.close();
    setUser(token ? (token.fhirUser ?? '') : null);
  };

  const reload = () =>
    loadSettings(local(), managedArea(), validationTranslate(t)).then(({ options: o, locked: l, managedErrors: me }) => {
      setForm({ ...o, adaptersText: JSON.stringify(o.adapters, null, 2) });
      setLocked(l);
      setManagedErrors(me);
      void refreshGranted(o);
      void refreshUser(o.fhirBase, o.clientId);
    });
  useEffect(() => {
    void reload();
    // IT changed the policy while the page is open (Chromium; Firefox only after a restart)
    const onChanged = (_c: unknown, area: string) => void (area === 'managed' && reload());
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  const lock = (f: ManagedField) => (locked.includes(f) ? t('managed.locked') : undefined);
  const isLocked = (f: ManagedField) => locked.includes(f);

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  function validate(): { ok: true; options: ExtensionOptions } | { ok: false } {
    const translate = validationTranslate(t);
    const adapters = parseAdapterJson(form.adaptersText.trim() || '[]', translate);
    const { adaptersText: _t, ...rest } = form;
    const r = parseOptions({ ...rest, adapters: adapters.ok ? adapters.adapters : [] }, translate);
    const errs: Errors = r.ok ? {} : { ...r.errors };
    if (!adapters.ok) errs.adapters = adapters.errors;
    setErrors(errs);
    return r.ok && adapters.ok ? r : { ok: false };
  }

  async function save() {
    const v = validate();
    if (!v.ok) {
      setStatus({ key: 'status.notSaved' });
      return;
    }
    // ask for host access first, while the click still counts as a user gesture
    const wanted = adapterOrigins(v.options.adapters.length ? v.options.adapters : []);
    const ok = await requestOrigins(permissions(), wanted.filter((o) => !granted.includes(o)));
    await saveOptions(local(), v.options);
    await refreshGranted(v.options);
    void refreshUser(v.options.fhirBase, v.options.clientId);
    if (v.options.language !== i18n.language) await i18n.changeLanguage(v.options.language);
    setStatus({ key: ok ? 'status.saved' : 'status.savedAccessRefused' });
  }

  async function addDemo() {
    const ok = await requestOrigins(permissions(), DEMO_EHR_ADAPTER.origins);
    await refreshGranted({ adapters: form.adapters });
    setStatus(ok ? { key: 'status.demoAdded', values: { url: DEMO_EHR_URL } } : { key: 'status.demoRefused' });
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
      const token = await s.login();
      setUser(token.fhirUser ?? '');
      setStatus({ key: 'status.loggedIn' });
    } catch (e) {
      setStatus(loginFailure(e));
    } finally {
      s.close();
    }
  }

  async function logout() {
    const s = createLiveSession(browser as unknown as LiveSessionApi, { fhirBase: form.fhirBase, clientId: form.clientId });
    await s.logout();
    s.close();
    setUser(null);
    setStatus({ key: 'status.loggedOut' });
  }

  const builtinOrigins = adapterOrigins(BUILTIN_ADAPTERS);
  return (
    <main>
      <h1>{t('title')}</h1>
      {Object.keys(managedErrors).length > 0 && (
        <section aria-labelledby="h-managed-errors" className="managed-errors" data-testid="managed-errors">
          <h2 id="h-managed-errors">{t('managed.errorsHeading')}</h2>
          <ul role="alert">
            {Object.entries(managedErrors).flatMap(([key, msgs]) =>
              msgs.map((m, i) => (
                <li key={`${key}-${i}`}>
                  <code>{key}</code>: {m}
                </li>
              )),
            )}
          </ul>
        </section>
      )}
      {(form.palliativeTeam || form.hospitalConfigUrl) && (
        <section aria-labelledby="h-hospital" data-testid="hospital-settings">
          <h2 id="h-hospital">{t('managed.hospitalHeading')}</h2>
          <dl>
            {form.palliativeTeam && (
              <>
                <dt>{t('managed.team')}</dt>
                <dd>{[form.palliativeTeam.name, form.palliativeTeam.phone, form.palliativeTeam.email, form.palliativeTeam.url].filter(Boolean).join(' · ')}</dd>
              </>
            )}
            {form.hospitalConfigUrl && (
              <>
                <dt>{t('managed.configUrl')}</dt>
                <dd>{form.hospitalConfigUrl}</dd>
              </>
            )}
          </dl>
          {(isLocked('palliativeTeam') || isLocked('hospitalConfigUrl')) && <p className="locked">{t('managed.locked')}</p>}
        </section>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <section aria-labelledby="h-fhir">
          <h2 id="h-fhir">{t('fhir.heading')}</h2>
          <Field label={t('fhir.base')} hint={t('fhir.baseHint', { demo: DEFAULT_FHIR_BASE })} errors={errors.fhirBase} locked={lock('fhirBase')}>
            {(a) => <input type="url" {...a} value={form.fhirBase} onChange={set('fhirBase')} readOnly={isLocked('fhirBase')} data-testid="opt-fhir-base" />}
          </Field>
          <Field label={t('fhir.clientId')} hint={t('fhir.clientIdHint')} errors={errors.clientId} locked={lock('clientId')}>
            {(a) => <input type="text" {...a} value={form.clientId} onChange={set('clientId')} readOnly={isLocked('clientId')} data-testid="opt-client-id" />}
          </Field>
          <Field label={t('fhir.scopes')} hint={t('fhir.scopesHint')} errors={errors.scopes} locked={lock('scopes')}>
            {(a) => <textarea {...a} rows={3} style={{ minHeight: '4rem' }} value={form.scopes} onChange={set('scopes')} readOnly={isLocked('scopes')} />}
          </Field>
          <div className="row">
            <span data-testid="login-status">{user === undefined ? '' : user !== null ? t('login.loggedIn') : t('login.notLoggedIn')}</span>
            {user !== null && user !== undefined ? (
              <button type="button" onClick={() => void logout()}>
                {t('login.logout')}
              </button>
            ) : (
              <button type="button" onClick={() => void login()}>
                {t('login.login')}
              </button>
            )}
          </div>
        </section>

        <section aria-labelledby="h-ehr">
          <h2 id="h-ehr">{t('ehr.heading')}</h2>
          <p className="hint">{t('ehr.intro', { names: BUILTIN_ADAPTERS.map((a) => a.name).join(', ') })}</p>
          <div className="row">
            <button type="button" onClick={() => void addDemo()} data-testid="add-demo-ehr">
              {t('ehr.addDemo', { host: DEMO_EHR_HOST })}
            </button>
          </div>
          <p className="hint">{t('ehr.granted')}</p>
          {granted.length ? (
            <ul className="origins" data-testid="granted-origins">
              {granted.map((o) => (
                <li key={o}>
                  {o}{' '}
                  <button type="button" onClick={() => void revoke(o)} aria-label={t('ehr.revokeLabel', { origin: o })}>
                    {t('ehr.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">{t('ehr.noneGranted', { origins: builtinOrigins.join(', ') })}</p>
          )}
          <Field
            label={t('ehr.adapters')}
            hint={t('ehr.adaptersHint', { example: JSON.stringify([{ ...DEMO_EHR_BSN_ADAPTER, id: 'mijn-epd', origins: ['https://epd.ziekenhuis.nl/*'] }]) })}
            errors={errors.adapters}
            locked={lock('adapters')}
          >
            {(a) => <textarea {...a} spellCheck={false} value={form.adaptersText} onChange={set('adaptersText')} readOnly={isLocked('adapters')} data-testid="opt-adapters" />}
          </Field>
        </section>

        <section aria-labelledby="h-user">
          <h2 id="h-user">{t('usage.heading')}</h2>
          <Field label={t('usage.defaultRole')} errors={errors.defaultRole} locked={lock('defaultRole')}>
            {(a) => (
              <select {...a} value={form.defaultRole} onChange={set('defaultRole')} disabled={isLocked('defaultRole')} data-testid="opt-default-role">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`, { ns: 'translation' })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('usage.language')} errors={errors.language} locked={lock('language')}>
            {(a) => (
              <select {...a} value={form.language} onChange={set('language')} disabled={isLocked('language')}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`app.languages.${l}`, { ns: 'translation' })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>

        <div className="row">
          <button type="submit" className="primary" data-testid="save-options">
            {t('save')}
          </button>
          <span role="status" data-testid="options-status">
            {status ? t(status.key, status.values) + (status.detail ? ` (${status.detail})` : '') : ''}
          </span>
        </div>
      </form>
    </main>
  );
}
