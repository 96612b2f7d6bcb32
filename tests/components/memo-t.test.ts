// lib/i18n/memo-t.ts: the same text as i18next itself, looked up once per key, language and options.
import { describe, expect, test, vi } from 'vitest';
import { createI18n } from '../../lib/i18n';
import { MEMO_LIMIT } from '../../lib/i18n/memo-t';

describe('memoised translations', () => {
  test('the same texts as an unmemoised lookup, with options, defaults and plurals', () => {
    const i18n = createI18n('nl');
    const t = i18n.getFixedT('nl');
    // i18next's own lookup, under the memo (the translator is not in i18next's types)
    const translator = (i18n as unknown as { translator: { translate(k: string, o: object): unknown } }).translator;
    const raw = (key: string, opts?: Record<string, unknown>) => translator.translate(key, { lng: 'nl', ...opts });
    expect(t('app.viewPatient')).toBe(raw('app.viewPatient'));
    expect(t('app.viewPatient')).not.toBe('app.viewPatient');
    expect(t('no.such.key', 'standaard')).toBe('standaard');
    expect(t('no.such.key', { defaultValue: 'anders' })).toBe('anders');
    // every value that could change the text is part of what it is remembered by
    const a = t('no.such.key', { defaultValue: 'naam {{name}}', name: 'Jansen' });
    const b = t('no.such.key', { defaultValue: 'naam {{name}}', name: 'de Vries' });
    expect([a, b]).toEqual(['naam Jansen', 'naam de Vries']);
  });

  test('looked up once: a second call does not go to i18next', () => {
    const i18n = createI18n('nl');
    const t = i18n.getFixedT('nl');
    const spy = vi.spyOn(i18n, 't');
    t('app.viewPatient');
    t('app.viewPatient');
    t('app.viewWard');
    expect(spy).toHaveBeenCalledTimes(2);
  });

  test('a language switch gives the other language, never the remembered one', async () => {
    const i18n = createI18n('nl');
    const nl = i18n.getFixedT('nl')('app.viewPatient');
    await i18n.changeLanguage('en');
    const en = i18n.getFixedT('en')('app.viewPatient');
    expect(en).not.toBe(nl);
    expect(i18n.getFixedT(null, 'translation')('app.viewPatient')).toBe(en);
    // and per fixed language: a t fixed on Dutch stays Dutch
    expect(i18n.getFixedT('nl')('app.viewPatient')).toBe(nl);
  });

  test('object options (not rememberable) are passed straight through', () => {
    const i18n = createI18n('nl');
    const t = i18n.getFixedT('nl');
    const spy = vi.spyOn(i18n, 't');
    const when = new Date('2026-12-01T10:00:00Z');
    t('no.such.key', { defaultValue: 'x', when });
    t('no.such.key', { defaultValue: 'x', when });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  test('bounded: after the limit the memo starts over and still answers', () => {
    const i18n = createI18n('nl');
    const t = i18n.getFixedT('nl');
    for (let n = 0; n <= MEMO_LIMIT; n++) t('no.such.key', { defaultValue: '{{n}}', n });
    const spy = vi.spyOn(i18n, 't');
    expect(t('no.such.key', { defaultValue: '{{n}}', n: 0 })).toBe('0');
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
