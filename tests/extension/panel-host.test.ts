// The side panel's PanelHost: patient context from the background port (reconnecting after a
// service-worker restart), acknowledgements tell the background to recount, the role persists.
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createExtensionPanelHost, ROLE_KEY, type PanelHostApi } from '../../lib/extension/panel-host';
import { PzDatabase } from '../../lib/store/db';
import { TOKEN_KEY } from '../../lib/extension/live-session';
import { DEFAULT_FHIR_BASE, OPTIONS_KEY } from '../../lib/extension/options';
import type { PanelPatientContext } from '../../lib/host/contract';
import { isSessionExpired, SmartLaunchError } from '../../lib/fhir/smart-policy';

interface FakePort {
  name: string;
  sent: unknown[];
  deliver(ctx: PanelPatientContext): void;
  drop(): void;
}

function fakeApi(opts: { answer?: (windowId: number) => PanelPatientContext | undefined } = {}) {
  const ports: FakePort[] = [];
  const api: PanelHostApi = {
    identity: { getRedirectURL: () => 'https://x.chromiumapp.org/', launchWebAuthFlow: vi.fn(async () => undefined) },
    storage: fakeBrowser.storage as unknown as PanelHostApi['storage'],
    windows: { getCurrent: async () => ({ id: 7 }) },
    runtime: {
      connect: ({ name }) => {
        const onMsg: ((m: unknown) => void)[] = [];
        const onDisc: (() => void)[] = [];
        const port: FakePort = {
          name,
          sent: [],
          deliver: (ctx) => onMsg.forEach((l) => l({ type: 'context', ctx })),
          drop: () => onDisc.forEach((l) => l()),
        };
        ports.push(port);
        return {
          name,
          postMessage: (m: unknown) => {
            port.sent.push(m);
            const w = (m as { type: string; windowId?: number }).type === 'watch' ? (m as { windowId: number }).windowId : undefined;
            const ctx = w !== undefined ? opts.answer?.(w) : undefined;
            if (ctx) queueMicrotask(() => port.deliver(ctx));
          },
          onMessage: { addListener: (cb: (m: unknown) => void) => onMsg.push(cb) },
          onDisconnect: { addListener: (cb: () => void) => onDisc.push(cb) },
          disconnect: () => {},
        };
      },
    },
  };
  return { api, ports };
}

let db: PzDatabase;
beforeEach(() => {
  fakeBrowser.reset();
  db = new PzDatabase(`pz-panel-${Math.random()}`);
});
// each test has its own database; the outbox may still touch it after close(), so it is left open
afterEach(() => vi.unstubAllGlobals());

describe('PanelHost for the side panel', () => {
  test('watches its own window, starts with the background’s answer and follows later ones', async () => {
    const { api, ports } = fakeApi({ answer: () => ({ kind: 'patient', patientId: 'a' }) });
    const host = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    expect(ports[0].name).toBe('pz-panel');
    expect(ports[0].sent[0]).toEqual({ type: 'watch', windowId: 7 });
    const seen: PanelPatientContext[] = [];
    host.subscribePatient((c) => seen.push(c));
    expect(seen).toEqual([{ kind: 'patient', patientId: 'a' }]);
    ports[0].deliver({ kind: 'none' });
    expect(seen.at(-1)).toEqual({ kind: 'none' });
    expect(host.gateway.serverUrl).toBe(DEFAULT_FHIR_BASE);
    expect(host.role).toBe('specialist');
    host.close();
  });

  test('after a service-worker restart (port dropped) it reconnects and asks again', async () => {
    let n = 0;
    const { api, ports } = fakeApi({ answer: () => ({ kind: 'patient', patientId: n++ === 0 ? 'a' : 'b' }) });
    const host = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    const seen: PanelPatientContext[] = [];
    host.subscribePatient((c) => seen.push(c));
    ports[0].drop();
    await vi.waitFor(() => expect(ports).toHaveLength(2));
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ kind: 'patient', patientId: 'b' }));
    host.close();
  });

  test('an acknowledgement asks the background to recount that patient', async () => {
    const { api, ports } = fakeApi({ answer: () => ({ kind: 'patient', patientId: 'a' }) });
    const host = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    await host.acks.add({ patientId: 'a', promptCode: 'kindcheck', promptKey: 'k1', reason: 'already-done' });
    expect(ports[0].sent).toContainEqual({ type: 'refresh', patientId: 'a' });
    expect(await host.acks.list('a')).toHaveLength(1);
    host.close();
  });

  test('reopening from the panel keeps the reason in the audit trail and recounts the badges', async () => {
    const { api, ports } = fakeApi({ answer: () => ({ kind: 'patient', patientId: 'a' }) });
    const host = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    const ack = await host.acks.add({ patientId: 'a', promptCode: 'kindcheck', promptKey: 'k1', reason: 'already-done' });
    await host.acks.remove(ack.id, { reason: 'toch niet besproken', by: 'Practitioner/p1', byDisplay: 'dr. Visser' });
    expect(await host.acks.list('a')).toEqual([]);
    expect(ports[0].sent).toContainEqual({ type: 'refresh', patientId: '' });
    const audit = await host.acks.reopenings!('a');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ promptKey: 'k1', promptCode: 'kindcheck', reason: 'toch niet besproken', who: 'dr. Visser' });
    host.close();
  });

  test('role: options default, then the panel’s own choice', async () => {
    await fakeBrowser.storage.local.set({ [OPTIONS_KEY]: { defaultRole: 'seh-arts' } });
    const { api } = fakeApi({ answer: () => ({ kind: 'none' }) });
    const first = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    expect(first.role).toBe('seh-arts');
    first.setRole!('verpleegkundige');
    first.close();
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get(ROLE_KEY))[ROLE_KEY]).toBe('verpleegkundige'));
    const again = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    expect(again.role).toBe('verpleegkundige');
    again.close();
  });

  test('not logged in: loads fail as an expired session and the re-login link logs in from the panel', async () => {
    const { api } = fakeApi({ answer: () => ({ kind: 'patient', patientId: 'a' }) });
    const host = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    await expect(host.gateway.loadPatientRecord('a')).rejects.toSatisfy(isSessionExpired);
    expect(host.relogin?.isAuthError(new SmartLaunchError('session-expired'))).toBe(true);
    expect(host.relogin?.href).toBe('/sidepanel.html?login=1');
    expect(host.user).toEqual({ reference: undefined });
    host.close();
    // the link: the panel starts the interactive login itself (PKCE S256 against the server's SMART configuration)
    vi.stubGlobal('fetch', async (url: string) =>
      String(url).endsWith('/.well-known/smart-configuration')
        ? new Response(JSON.stringify({ authorization_endpoint: 'http://127.0.0.1:8787/auth/authorize', token_endpoint: 'http://127.0.0.1:8787/auth/token', code_challenge_methods_supported: ['S256'] }), { status: 200 })
        : new Response('{}', { status: 404 }),
    );
    const replaced = vi.fn();
    vi.stubGlobal('history', { replaceState: replaced });
    const login = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html?login=1' });
    expect(api.identity.launchWebAuthFlow).toHaveBeenCalledOnce();
    const authUrl = new URL((api.identity.launchWebAuthFlow as ReturnType<typeof vi.fn>).mock.calls[0][0].url);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('redirect_uri')).toBe('https://x.chromiumapp.org/');
    // refused login (the mock returns no redirect): still a host, and the parameter is gone so a reload does not retry
    expect(replaced).toHaveBeenCalledWith(null, '', '/sidepanel.html');
    login.close();
  });

  test('logged in (token in storage.session): the user is the token’s fhirUser', async () => {
    await fakeBrowser.storage.session.set({ [TOKEN_KEY]: { serverUrl: DEFAULT_FHIR_BASE, accessToken: 't', fhirUser: 'Practitioner/p1' } });
    const { api } = fakeApi({ answer: () => ({ kind: 'none' }) });
    const host = await createExtensionPanelHost({ api, db, href: 'chrome-extension://id/sidepanel.html' });
    expect(host.user).toEqual({ reference: 'Practitioner/p1' });
    host.close();
  });
});
