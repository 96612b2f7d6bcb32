// @vitest-environment jsdom
// "Afdrukken": the letter goes to a blob: print window. That window inherits the page's CSP (the SMART
// app allows no inline style), so the letter carries no <style>: its stylesheet is constructed in the
// print window. The blob URL is revoked once the window has loaded, or at once when none opened.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { HandoverDocument } from '../../components/HandoverDocument/HandoverDocument';
import { ActionContext, type ActionContextValue } from '../../components/common/ActionContext';
import { LETTER_CSS } from '../../lib/handover/index';
import type { FhirGateway } from '../../lib/fhir/gateway';
import { NOW, patient, renderI18n } from './support';

// jsdom has no blob URLs: these stand in for them, per test
const urls = URL as unknown as { createObjectURL: (b: Blob) => string; revokeObjectURL: (u: string) => void };
function blobUrls(url: string) {
  const blobs: Blob[] = [];
  urls.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), url));
  const revoke = vi.fn();
  urls.revokeObjectURL = revoke;
  return { blobs, revoke };
}
const textOf = (b: Blob) =>
  new Promise<string>((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.readAsText(b);
  });

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderDoc() {
  const ctx: ActionContextValue = {
    act: async () => {},
    gateway: { serverUrl: 'https://fhir.example/r4' } as FhirGateway,
    candidates: { practitioners: [], relatedPersons: [] } as unknown as ActionContextValue['candidates'],
    gp: {},
    now: NOW,
    resources: [patient('p1')],
    patientId: 'p1',
  };
  return renderI18n(
    <ActionContext.Provider value={ctx}>
      <HandoverDocument />
    </ActionContext.Provider>,
  );
}

/** A stand-in print window: a real (jsdom) document, a load event we fire, print counted. */
function fakePrintWindow() {
  const doc = document.implementation.createHTMLDocument('print');
  const listeners: (() => void)[] = [];
  class Sheet {
    css = '';
    replaceSync(css: string) {
      this.css = css;
    }
  }
  Object.defineProperty(doc, 'adoptedStyleSheets', { value: [], writable: true });
  const w = { document: doc, CSSStyleSheet: Sheet, print: vi.fn(), addEventListener: (type: string, cb: () => void) => type === 'load' && listeners.push(cb) };
  return { w, load: () => listeners.forEach((cb) => cb()), sheets: () => (doc as unknown as { adoptedStyleSheets: Sheet[] }).adoptedStyleSheets };
}

describe('HandoverDocument print', () => {
  test('the letter has no inline style; its stylesheet is constructed in the print window; the blob URL is revoked after load', async () => {
    const { blobs, revoke } = blobUrls('blob:https://app.example/letter-1');
    const pw = fakePrintWindow();
    const open = vi.spyOn(window, 'open').mockImplementation(() => pw.w as unknown as Window);
    renderDoc();
    await userEvent.click(screen.getByRole('button', { name: 'Overdracht maken' }));
    await userEvent.click(screen.getByRole('button', { name: 'Afdrukken (A4)' }));
    expect(open).toHaveBeenCalledWith('blob:https://app.example/letter-1', '_blank');
    const html = await textOf(blobs[0]);
    expect(html).toContain('Palliatieve overdracht');
    expect(html).not.toMatch(/<style|style=/i);
    expect(revoke).not.toHaveBeenCalled();
    pw.load();
    expect(revoke).toHaveBeenCalledWith('blob:https://app.example/letter-1');
    expect(pw.sheets().map((s) => s.css)).toEqual([LETTER_CSS]);
    expect(pw.w.print).toHaveBeenCalledTimes(1);
  });

  test('a blocked pop-up: the blob URL is revoked at once', async () => {
    const { revoke } = blobUrls('blob:https://app.example/letter-2');
    vi.spyOn(window, 'open').mockImplementation(() => null);
    renderDoc();
    await userEvent.click(screen.getByRole('button', { name: 'Overdracht maken' }));
    await userEvent.click(screen.getByRole('button', { name: 'Afdrukken (A4)' }));
    expect(revoke).toHaveBeenCalledWith('blob:https://app.example/letter-2');
  });
});
