// @vitest-environment jsdom
// The palliative team's screen (components/TeamWorklist) on a hand-made team JSON: rows name patient and
// ward (fallbacks "onbekende patiënt"/"onbekende afdeling", never an id), grouped by ward; the ward, code
// and urgency filters with their counts; one click opens the patient, back keeps the filters; a fresh
// run shows "bezig" and then the new results; the charts get their specs and a table each; English too; axe.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { TeamScreen, type TeamSource } from '../../components/TeamWorklist/TeamScreen';
import type { TeamPayload, TeamView } from '../../lib/population/team-view';
import { FakeGateway, FakeQueue, MemoryAckStore, NOW, fakeEvaluate, patient, prompt, renderI18n, seriousViolations } from './support';

afterEach(cleanup);

const VIEW: TeamView = {
  source: { server: 'https://fhir.test/r4/', group: 'g' }, // the FakeGateway's server (trailing slash: same base)
  completeness: { complete: true, known: true, exportErrors: [], notOffered: [] },
  now: '2025-03-12T09:00:00.000Z',
  ranAt: '2025-03-12T02:00:00.000Z',
  evaluated: 40,
  failures: 0,
  patients: [
    { id: 'p-1', name: 'Henk Jansen', ward: 'Interne B3', prompts: [{ code: 'kindcheck', indicator: 'info', summary: 's', key: 'k1' }] },
    { id: 'p-2', name: 'Ans Dijkstra', ward: 'Interne B3', prompts: [{ code: 'handover-gaps', indicator: 'critical', summary: 's', due: '2025-03-13', key: 'k2' }, { code: 'kindcheck', indicator: 'info', summary: 's', key: 'k3' }] },
    { id: 'p-3', name: 'Kees Meijer', ward: 'Longziekten C2', prompts: [{ code: 'surprise-question', indicator: 'warning', summary: 's', key: 'k4' }] },
    { id: 'p-4', prompts: [{ code: 'nazorg-contact-due', indicator: 'critical', summary: 's', key: 'k5' }] },
  ],
  indicators: [
    { id: 'nazorg-contact-tijdig', period: 'total', numerator: 3, denominator: 4, unreadable: 0 },
    { id: 'nazorg-contact-tijdig', period: '2025-02', numerator: 1, denominator: 2, unreadable: 0 },
    { id: 'nazorg-contact-tijdig', period: '2025-03', numerator: 2, denominator: 2, unreadable: 0 },
  ],
};

class Source implements TeamSource {
  payload: TeamPayload = { running: false, view: VIEW };
  runs = 0;
  async load() {
    return this.payload;
  }
  async startRun() {
    this.runs++;
    this.payload = { ...this.payload, running: true };
    return this.payload;
  }
}

function setup(source = new Source(), lng: 'nl' | 'en' = 'nl') {
  const gateway = new FakeGateway();
  // each Patient named as the list names it (the screen checks that before it opens one)
  for (const p of VIEW.patients) gateway.records.set(p.id, [patient(p.id, p.name ? { name: [{ text: p.name }] } : { name: [] })]);
  const specs: Record<string, unknown>[] = [];
  const render = async (el: HTMLElement, spec: Record<string, unknown>) => {
    specs.push(spec);
    el.innerHTML = '<svg></svg>';
    return () => {};
  };
  const r = renderI18n(
    <TeamScreen source={source} gateway={gateway} queue={new FakeQueue()} acks={new MemoryAckStore()} evaluate={fakeEvaluate({})} role="specialist" onRoleChange={() => {}} now={NOW} pollMs={5} renderChart={render} />,
    lng,
  );
  return { source, specs, gateway, ...r };
}

const rowIds = () => [...document.querySelectorAll('[data-testid=team-view] tbody tr[data-patient-id]')].map((r) => r.getAttribute('data-patient-id'));

describe('TeamScreen', () => {
  test('groups by ward with names and fallbacks, never an id; counts shown; charts with tables', async () => {
    const { specs, container } = setup();
    await screen.findByText('Ans Dijkstra');
    expect(rowIds()).toEqual(['p-2', 'p-1', 'p-3', 'p-4']);
    const groups = [...document.querySelectorAll('[data-team-ward]')].map((g) => g.querySelector('h3')?.textContent);
    expect(groups).toEqual(['Interne B3 (2 patiënten)', 'Longziekten C2 (1 patiënt)', 'onbekende afdeling (1 patiënt)']);
    expect(screen.getByText('onbekende patiënt')).toBeTruthy();
    expect(screen.getByTestId('team-count').textContent).toBe('4 patiënten met 5 signalen');
    const text = container.textContent ?? '';
    expect(text).not.toMatch(/p-\d|Patient\//);
    // totals and months as text: numerator and denominator, never only a share
    expect(within(screen.getByTestId('indicator-totals')).getByText('3 van 4 (75%)')).toBeTruthy();
    expect(within(screen.getByTestId('trend-table')).getByText('1 van 2 (50%)')).toBeTruthy();
    await waitFor(() => expect(specs).toHaveLength(2));
    expect((specs[0].data as { values: unknown[] }).values).toHaveLength(2);
    expect(screen.getAllByTestId('team-chart').every((c) => c.querySelector('svg'))).toBe(true);
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('filters by ward, code and urgency, with counts per option', async () => {
    setup();
    await screen.findByText('Ans Dijkstra');
    const ward = screen.getByLabelText('Afdeling') as HTMLSelectElement;
    expect([...ward.options].map((o) => o.textContent)).toEqual(['Alle', 'Interne B3 (2)', 'Longziekten C2 (1)', 'onbekende afdeling (1)']);
    await userEvent.selectOptions(ward, 'Interne B3');
    expect(rowIds()).toEqual(['p-2', 'p-1']);
    const code = screen.getByLabelText('Signaal') as HTMLSelectElement;
    expect([...code.options].map((o) => o.textContent)).toEqual(['Alle', 'Kindcheck (2)', 'Overdracht onvolledig (1)']);
    await userEvent.selectOptions(code, 'kindcheck');
    expect(rowIds()).toEqual(['p-2', 'p-1']);
    expect([...document.querySelectorAll('tbody li[data-prompt-code]')].map((l) => l.getAttribute('data-prompt-code'))).toEqual(['kindcheck', 'kindcheck']);
    await userEvent.selectOptions(code, '*');
    await userEvent.selectOptions(screen.getByLabelText('Urgentie'), 'critical');
    expect(rowIds()).toEqual(['p-2']);
    expect(screen.getByTestId('team-count').textContent).toBe('1 patiënt met 1 signaal(en)');
    await userEvent.selectOptions(ward, '*');
    await userEvent.selectOptions(screen.getByLabelText('Sorteren'), 'name');
    expect(rowIds()).toEqual(['p-2', 'p-4']);
  });

  test('one click opens the patient; back returns with the filters kept and the focus on that row', async () => {
    setup();
    await screen.findByText('Ans Dijkstra');
    await userEvent.selectOptions(screen.getByLabelText('Afdeling'), 'Longziekten C2');
    await userEvent.click(screen.getByRole('button', { name: /Kees Meijer/ }));
    await waitFor(() => expect(document.querySelector('[data-banner-state="patient"]')?.getAttribute('data-patient-id')).toBe('p-3'));
    await userEvent.click(screen.getByRole('button', { name: 'Terug naar de ziekenhuislijst' }));
    expect((screen.getByLabelText('Afdeling') as HTMLSelectElement).value).toBe('Longziekten C2');
    expect(rowIds()).toEqual(['p-3']);
    expect(document.activeElement?.getAttribute('data-open-patient')).toBe('p-3');
    // keyboard: Enter on the focused name opens it again
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(document.querySelector('[data-banner-state="patient"]')?.getAttribute('data-patient-id')).toBe('p-3'));
  });

  test('an incomplete export, or one of unknown completeness, is warned about above the list', async () => {
    const source = new Source();
    source.payload = { running: false, view: { ...VIEW, completeness: { complete: false, known: true, exportErrors: ['Condition'], notOffered: ['Flag', 'Condition'] } } };
    setup(source);
    expect((await screen.findByTestId('team-incomplete')).textContent).toMatch(/^Let op: de export van deze run was onvolledig \(ontbrekende gegevenstypen: Condition, Flag\)/);
    expect(screen.getByText('Ans Dijkstra')).toBeTruthy();
    cleanup();
    const old = new Source();
    const { completeness: _c, ...noRunJson } = VIEW;
    old.payload = { running: false, view: noRunJson as TeamView };
    setup(old, 'en');
    expect((await screen.findByTestId('team-incomplete')).textContent).toMatch(/^Warning: it is unknown whether the export of this run was complete/);
    cleanup();
    setup();
    await screen.findByText('Ans Dijkstra');
    expect(screen.queryByTestId('team-incomplete')).toBeNull();
  });

  test('a run from another FHIR server than the session’s: the patient is not opened', async () => {
    const source = new Source();
    source.payload = { running: false, view: { ...VIEW, source: { server: 'https://bulk-facade.test/fhir', group: 'g' } } };
    const { gateway } = setup(source);
    await userEvent.click(await screen.findByRole('button', { name: /Kees Meijer/ }));
    expect((await screen.findByTestId('team-open-refused')).textContent).toMatch(/andere FHIR-server/);
    expect(gateway.loads).toEqual([]);
    expect(document.querySelector('[data-banner-state="patient"]')).toBeNull();
  });

  test('the loaded Patient carries another name than the list entry: refused with a clear message', async () => {
    const { gateway } = setup();
    gateway.records.set('p-3', [patient('p-3', { name: [{ given: ['Piet'], family: 'Pietersen' }] })]);
    await userEvent.click(await screen.findByRole('button', { name: /Kees Meijer/ }));
    expect((await screen.findByTestId('team-open-refused')).textContent).toMatch(/naam in het dossier komt niet overeen/);
    expect(document.querySelector('[data-banner-state="patient"]')).toBeNull();
    // the same name written as given + family (other case, spacing) is the same patient
    await userEvent.click(screen.getByRole('button', { name: 'Terug naar de ziekenhuislijst' }));
    gateway.records.set('p-3', [patient('p-3', { name: [{ given: ['kees'], family: ' Meijer ' }] })]);
    await userEvent.click(await screen.findByRole('button', { name: /Kees Meijer/ }));
    await waitFor(() => expect(document.querySelector('[data-banner-state="patient"]')?.getAttribute('data-patient-id')).toBe('p-3'));
  });

  test('a fresh run: "bezig" while it runs, then the new results', async () => {
    const { source } = setup();
    await screen.findByText('Ans Dijkstra');
    await userEvent.click(screen.getByRole('button', { name: 'Nieuwe run starten' }));
    expect(source.runs).toBe(1);
    await screen.findByText(/^Bezig: een nieuwe populatierun loopt/);
    expect((screen.getByRole('button', { name: 'Nieuwe run starten' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      source.payload = { running: false, view: { ...VIEW, patients: VIEW.patients.slice(0, 1) } };
    });
    await waitFor(() => expect(rowIds()).toEqual(['p-1']));
    expect(screen.getByTestId('team-run-status').textContent).toMatch(/^Peildatum 12 mrt\.? 2025/);
  });

  test('no run yet, and a failed load, are said', async () => {
    const none = new Source();
    none.payload = { running: false };
    setup(none);
    await screen.findByText(/Er is nog geen populatierun/);
    cleanup();
    const failed = new Source();
    failed.payload = { running: false, error: 'De populatierun is mislukt.', view: VIEW };
    setup(failed);
    expect((await screen.findByRole('alert')).textContent).toBe('De laatste populatierun is mislukt; de lijst hieronder is van de vorige run.');
    expect(screen.getByText('Ans Dijkstra')).toBeTruthy();
    cleanup();
    const failing: TeamSource = { load: async () => Promise.reject(new Error('HTTP 503')), startRun: async () => ({ running: true }) };
    setup(failing as Source);
    expect((await screen.findByRole('alert')).textContent).toMatch(/HTTP 503/);
  });

  test('English', async () => {
    setup(new Source(), 'en');
    await screen.findByText('Ans Dijkstra');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hospital-wide: palliative worklist');
    expect(screen.getByLabelText('Ward')).toBeTruthy();
    expect(screen.getByText('unknown patient')).toBeTruthy();
    expect(screen.getByTestId('team-count').textContent).toBe('4 patients with 5 prompts');
  });
});
