// @vitest-environment jsdom
// Wrong patient (issue 7): at least 1,000 randomized patient switches in the real side panel (SidePanel →
// ZorgpadPanel → PatientPromptsView → PromptCard, the real engine over the demo's seed patients), with a
// host whose gateway, acknowledgement store and write queue answer after random 0–200 ms, so answers
// for a patient the user already left arrive late and out of order. Switches go to other patients, to
// "no patient", to a patient the server does not know, to a patient whose EHR identifier does not match,
// and happen while writes made from a card are still pending.
// After EVERY React commit (Profiler), every DOM mutation (MutationObserver) and at every step the screen is checked: every prompt card
// and every pending write on screen belongs to the patient the EHR has open, and the banner names that
// patient. One wrong moment fails the test.
// Replay a failure with RELIABILITY_SEED=<printed seed> npx vitest run tests/reliability/wrong-patient.test.tsx
import { act, cleanup, fireEvent } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, expect, test, vi } from 'vitest';
import type { PanelHost, PanelPatientContext } from '../../lib/host/contract';
import { seedPatients } from '../../demo/seed/patients';
import { SidePanel } from '../../entrypoints/sidepanel/SidePanel';
import type { FhirJson, LoadedRecord } from '../../lib/fhir/gateway';
import { createWardPrefetch, prefetchingGateway } from '../../lib/fhir/ward-prefetch';
import { createI18n } from '../../lib/i18n';
import { bannerInfo, BSN_SYSTEM } from '../../lib/ui/patient';
import { renderI18n } from '../components/support';
import { prng, reliabilitySeed, switchHost } from './support/switch-host';

const seed = reliabilitySeed();
const SWITCHES = 1000;
const NOW = new Date('2025-03-12T10:00:00+01:00');
/** a patient id the server does not know: the banner says so and shows no prompts */
const GHOST = 'pz-ghost';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/**
 * With `prefetch`, the panel's gateway keeps a ward prefetch (lib/fhir/ward-prefetch.ts) that the run
 * fills (a ward list opened), empties (logout) and refills at random: most switches then show a cached
 * record first, a third of them an outdated one whose fresh load changes the prompts, while the
 * revalidations of earlier patients race in late and out of order.
 */
async function runSwitches(prefetch: boolean, SWITCHES: number) {
  console.log(`wrong-patient seed: ${seed} (replay: RELIABILITY_SEED=${seed})`);
  const started = performance.now();
  // Only timers and the clock are faked; promises and microtasks stay real so React runs as usual.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: NOW });
  const rnd = prng(seed);
  const patients = seedPatients(NOW);
  const records = new Map<string, FhirJson[]>(patients.map((p) => [p.id, p.resources as FhirJson[]]));
  const ids = patients.map((p) => p.id);
  const nameOf = new Map<string, string | undefined>();
  const bsnOf = new Map<string, string>();
  for (const p of patients) {
    const pat = p.resources.find((r) => r.resourceType === 'Patient') as FhirJson;
    nameOf.set(p.id, bannerInfo(pat, NOW).name);
    const bsn = (pat.identifier as { system?: string; value?: string }[] | undefined)?.find((i) => i.system === BSN_SYSTEM)?.value;
    if (bsn) bsnOf.set(p.id, bsn);
  }
  // the names must tell the patients apart, or the banner check below proves nothing
  expect(new Set(nameOf.values()).size).toBe(patients.length);
  expect(patients.filter((p) => p.prompts.length > 0).length).toBeGreaterThanOrEqual(12);

  const host = switchHost(records, rnd);
  const cache = createWardPrefetch();
  // what the ward list loaded a while ago: for every third patient an older version (one resource less),
  // so its fresh load changes the record and usually the prompts
  const wardRecords = new Map<string, LoadedRecord[]>();
  patients.forEach((p, i) => {
    const enc = p.resources.find((r) => r.resourceType === 'Encounter' && ['in-progress', 'arrived', 'triaged'].includes(r.status as string)) as
      | { location?: { location?: { reference?: string } }[] }
      | undefined;
    const ward = enc?.location?.[0]?.location?.reference;
    if (!ward) return;
    const resources = (i % 3 === 0 && p.resources.length > 1 ? p.resources.slice(0, -1) : p.resources) as FhirJson[];
    wardRecords.set(ward, [...(wardRecords.get(ward) ?? []), { patientId: p.id, resources, requests: 1 }]);
  });
  const wardKeys = [...wardRecords.keys()];
  // a ward list opened: one of the seed's wards, as lib/fhir/wards.ts would load it
  let roundIds: string[] = [];
  const openWard = () => {
    const w = wardKeys[Math.floor(rnd() * wardKeys.length)];
    cache.put(`${w}|`, wardRecords.get(w)!);
    roundIds = wardRecords.get(w)!.map((r) => r.patientId);
  };
  if (prefetch) expect(wardKeys.length).toBeGreaterThanOrEqual(2);
  const panelHost: PanelHost = prefetch ? { ...host, subscribePatient: (cb) => host.subscribePatient(cb), gateway: prefetchingGateway(host.gateway, cache) } : host;
  const t = createI18n('nl').t;
  const simpleLabels = new Set(['record-medication-review', 'request-topz-consult', 'record-behandelwensengesprek'].map((a) => t(`action.${a}`)));
  let onCommit = () => {};
  // React's Profiler calls back in the commit phase, after the DOM changed and before passive effects
  // run: a state that a later effect corrects within the same act() is still seen there (a real
  // browser may paint it). The MutationObserver sees what is left when microtasks run.
  const { container } = renderI18n(
    <Profiler id="panel" onRender={() => onCommit()}>
      <SidePanel host={panelHost} />
    </Profiler>,
  );

  const stats = { staleMoments: 0, switchesWithCache: 0, wardLoads: 0, checks: 0, commitChecks: 0, mutationChecks: 0, cardsChecked: 0, momentsWithCards: 0, switches: 0, toNone: 0, toUnknown: 0, toGhost: 0, toMismatch: 0, writes: 0, switchesWithPendingWrites: 0 };
  const wrong: string[] = [];
  const fail = (where: string, msg: string) => {
    if (wrong.length < 20) wrong.push(`${where} (switch ${stats.switches}, t=${Date.now() - NOW.getTime()} ms): ${msg}`);
  };

  /** The whole screen against what the host (the EHR page) has open right now. */
  const check = (where: string) => {
    stats.checks++;
    const ctx = host.context;
    const banner = container.querySelector('[data-banner-state]');
    const state = banner?.getAttribute('data-banner-state');
    const shown = banner?.getAttribute('data-patient-id') ?? '';
    const cards = [...container.querySelectorAll('[data-prompt-code]')];
    const pending = [...container.querySelectorAll('[data-outbox-id]')];
    const stale = container.querySelector('[data-stale="true"]');
    if (stale) {
      stats.staleMoments++;
      if (ctx.kind !== 'patient' || state !== 'patient' || shown !== ctx.patientId) fail(where, `"wordt bijgewerkt" shown while host has ${ctx.kind} and banner is ${state} ${shown}`);
    }
    if (ctx.kind !== 'patient') {
      if (state !== ctx.kind) fail(where, `host has ${ctx.kind}, banner is ${state} ${shown}`);
      if (cards.length) fail(where, `host has ${ctx.kind}, ${cards.length} cards shown: ${cards.map((c) => c.getAttribute('data-prompt-key')).join(', ')}`);
      if (pending.length) fail(where, `host has ${ctx.kind}, ${pending.length} pending writes shown`);
      return;
    }
    const id = ctx.patientId;
    if (shown !== id) fail(where, `host has ${id}, banner shows ${state} ${shown}`);
    if (state === 'patient') {
      const name = container.querySelector('.pz-banner__name')?.textContent;
      if (name !== nameOf.get(id)) fail(where, `host has ${id}, banner name is "${name}"`);
    }
    if (cards.length) {
      stats.momentsWithCards++;
      if (state !== 'patient') fail(where, `cards on screen while the banner is ${state}`);
    }
    for (const c of cards) {
      stats.cardsChecked++;
      // the engine's prompt key starts with the record's "Patient/<id>" (rules/rule.ts)
      const key = c.getAttribute('data-prompt-key') ?? '';
      if (!key.startsWith(`Patient/${id}|`)) fail(where, `host has ${id}, card ${c.getAttribute('data-prompt-code')} is for ${key.split('|')[0]}`);
    }
    for (const p of pending) {
      const entry = host.queue.entries.find((e) => e.id === p.getAttribute('data-outbox-id'));
      if (entry?.patientId !== id) fail(where, `host has ${id}, pending write ${entry?.id} is for ${entry?.patientId}`);
    }
  };
  onCommit = () => {
    stats.commitChecks++;
    check('commit');
  };
  const observer = new MutationObserver(() => {
    stats.mutationChecks++;
    check('mutation');
  });
  observer.observe(container, { subtree: true, childList: true, attributes: true, characterData: true });
  /** records queued but not yet delivered: check them now, before the host changes what is expected */
  const flushObserved = () => {
    if (observer.takeRecords().length) {
      stats.mutationChecks++;
      check('mutation');
    }
  };

  /** Let `ms` of server time pass in small steps, one React commit per step, checking after each. */
  const dwell = async (ms: number) => {
    let left = ms;
    while (left > 0) {
      const step = Math.min(left, 1 + Math.floor(rnd() * 12));
      left -= step;
      await act(async () => {
        await vi.advanceTimersByTimeAsync(step);
      });
      check('step');
    }
  };

  const nextContext = (): PanelPatientContext => {
    const r = rnd();
    if (r < 0.08) return { kind: 'none' };
    if (r < 0.12) return { kind: 'unknown', ehrIdentifier: { system: BSN_SYSTEM, value: '999999990' } };
    if (r < 0.15) return { kind: 'patient', patientId: GHOST };
    // with the prefetch on, mostly a ward round: the next bed of the ward whose list is open
    const pool = prefetch && cache.size > 0 && rnd() < 0.7 ? roundIds : ids;
    const id = pool[Math.floor(rnd() * pool.length)];
    const s = rnd();
    // the EHR page's BSN: usually the patient's own, sometimes absent, sometimes another patient's
    if (s < 0.05) {
      const other = ids[(ids.indexOf(id) + 1) % ids.length];
      return { kind: 'patient', patientId: id, ehrIdentifier: { system: BSN_SYSTEM, value: bsnOf.get(other)! } };
    }
    return s < 0.6 && bsnOf.has(id) ? { kind: 'patient', patientId: id, ehrIdentifier: { system: BSN_SYSTEM, value: bsnOf.get(id)! } } : { kind: 'patient', patientId: id };
  };

  for (let i = 0; i < SWITCHES; i++) {
    if (prefetch) {
      // the user opens the ward list again (refill), or logs out (empty)
      if (cache.size === 0 && rnd() < 0.5) {
        openWard();
        stats.wardLoads++;
      } else if (rnd() < 0.01) cache.clear();
    }
    const ctx = nextContext();
    if (ctx.kind === 'patient' && cache.get(ctx.patientId)) stats.switchesWithCache++;
    if (ctx.kind === 'none') stats.toNone++;
    else if (ctx.kind === 'unknown') stats.toUnknown++;
    else if (ctx.patientId === GHOST) stats.toGhost++;
    else if (ctx.ehrIdentifier && ctx.ehrIdentifier.value !== bsnOf.get(ctx.patientId)) stats.toMismatch++;
    if (host.queue.pending() > 0) stats.switchesWithPendingWrites++;
    flushObserved();
    await act(async () => host.push(ctx));
    stats.switches++;
    check('after switch');

    // Half the switches come faster than the server answers (answers pile up out of order), half
    // leave time for the prompts to show.
    await dwell(rnd() < 0.5 ? Math.floor(rnd() * 60) : 60 + Math.floor(rnd() * 340));

    // Sometimes act on a card: the write stays pending for a while, and the next switches happen
    // while it is pending (and while its confirmation reloads the record it was made for).
    if (ctx.kind === 'patient' && rnd() < 0.8) {
      const buttons = [...container.querySelectorAll<HTMLButtonElement>('.pz-card__actions button.pz-button')].filter(
        (b) => !b.disabled && simpleLabels.has(b.textContent ?? ''),
      );
      if (buttons.length) {
        const before = host.queue.entries.length;
        flushObserved();
        await act(async () => {
          fireEvent.click(buttons[Math.floor(rnd() * buttons.length)]);
        });
        check('after write');
        const made = host.queue.entries.slice(before);
        stats.writes += made.length;
        for (const w of made) if (w.patientId !== ctx.patientId) fail('write', `host has ${ctx.patientId}, write ${w.action} went to ${w.patientId}`);
      }
    }
  }

  // Finally settle on one known patient: exactly that patient's prompts show, so the screen did work.
  const last = patients.find((p) => p.id === 'pz-willem-bakker')!;
  if (prefetch) {
    const w = wardKeys.find((k) => wardRecords.get(k)!.some((r) => r.patientId === last.id));
    if (w) cache.put(`${w}|`, wardRecords.get(w)!);
  }
  flushObserved();
  await act(async () => host.push({ kind: 'patient', patientId: last.id, ehrIdentifier: { system: BSN_SYSTEM, value: bsnOf.get(last.id)! } }));
  await dwell(1_500);
  const finalCodes = [...container.querySelectorAll('[data-prompt-code]')].map((c) => c.getAttribute('data-prompt-code')).sort();
  const finalStale = container.querySelector('[data-stale="true"]');
  observer.disconnect();

  const elapsed = Math.round(performance.now() - started);
  console.log(`wrong-patient: ${JSON.stringify({ ...stats, loads: host.gateway.loads, elapsedMs: elapsed })}`);
  expect(wrong).toEqual([]);
  expect(finalCodes).toEqual([...last.prompts].sort());
  expect(stats.switches).toBeGreaterThanOrEqual(SWITCHES);
  // the checks must have had something to look at: many moments with cards, many mutations
  expect(stats.checks).toBeGreaterThan(SWITCHES * 10);
  expect(stats.mutationChecks).toBeGreaterThan(SWITCHES);
  expect(stats.commitChecks).toBeGreaterThan(SWITCHES * 2);
  expect(stats.momentsWithCards).toBeGreaterThan(SWITCHES);
  expect(stats.toNone + stats.toUnknown).toBeGreaterThan(50);
  expect(stats.toMismatch).toBeGreaterThan(10);
  expect(stats.writes).toBeGreaterThanOrEqual(20);
  expect(stats.switchesWithPendingWrites).toBeGreaterThanOrEqual(40);
  // settled: the fresh record's prompts, no longer marked as being updated
  expect(finalStale).toBeNull();
  if (prefetch) {
    expect(stats.wardLoads).toBeGreaterThanOrEqual(3);
    expect(stats.switchesWithCache).toBeGreaterThan(SWITCHES / 3);
    expect(stats.staleMoments).toBeGreaterThan(SWITCHES);
  } else expect(stats.staleMoments).toBe(0);
}

test(`${SWITCHES} random patient switches with out-of-order answers never show another patient's prompt (seed ${seed})`, () => runSwitches(false, SWITCHES), 90_000);

// fewer switches: every cached switch renders cards at once, so each switch checks more moments
const PREFETCH_SWITCHES = 600;
test(`${PREFETCH_SWITCHES} random switches with the ward prefetch on, outdated cached records and racing revalidations never show another patient's prompt (seed ${seed})`, () => runSwitches(true, PREFETCH_SWITCHES), 300_000);
