import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { asUiError } from './backend';
import { FakeBackend } from './fake';
import { englishPlural, englishWhole, isolate, language, number, pick, setLanguage, t } from './i18n.svelte';
import { ana, now, start, stop, until } from './testing';

afterEach(stop);

describe('Languages', () => {
  it('takes the system locale as the system names it', () => {
    expect(pick('pt_BR.UTF-8')).toBe('pt-BR');
    expect(pick('pt_PT.UTF-8')).toBe('pt-BR');
    expect(pick('es_MX.UTF-8')).toBe('es');
    expect(pick('ar_EG.UTF-8@latin')).toBe('ar');
    expect(pick('hi_IN')).toBe('hi');
    expect(pick('in_ID')).toBe('id');
    expect(pick('de_DE.UTF-8')).toBe('en');
    expect(pick(null)).toBe('en');
  });

  it('counts by each language’s plural rules', async () => {
    await setLanguage('pt-BR');
    expect(t('app-palette-run', { count: 1 })).toBe('Executar uma macro em 1 conversa…');
    expect(t('app-palette-run', { count: 2 })).toBe('Executar uma macro em 2 conversas…');
    await setLanguage('en');
    expect(t('app-palette-run', { count: 1 })).toBe('Run a macro on 1 conversation…');
  });

  it('writes English numbers and plurals as Intl does, without using Intl', async () => {
    const plural = new Intl.PluralRules('en');
    const grouped = new Intl.NumberFormat('en');
    const plain = new Intl.NumberFormat('en', { useGrouping: false });
    const samples = [0, 1, 2, 3, 11, 21, 101, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 123_456_789, 2 ** 40, -1, -1234];
    for (let n = 0; n < 5000; n += 7) samples.push(n);
    for (const n of samples) {
      expect(englishPlural(n), `plural of ${n}`).toBe(plural.select(n));
      expect(englishWhole(n), `${n}`).toBe(grouped.format(n));
      expect(englishWhole(n, false), `${n} ungrouped`).toBe(plain.format(n));
    }
    expect(englishWhole(1.5)).toBeNull();
    expect(englishWhole(2 ** 60)).toBeNull();
    await setLanguage('en');
    // Spied on their methods, so the constructors stay the ones Fluent's
    // cache is keyed by. `format` is a getter (typed as a method).
    const numberFormat = Intl.NumberFormat.prototype as unknown as { format: unknown };
    const made = [vi.spyOn(Intl.PluralRules.prototype, 'select'), vi.spyOn(numberFormat, 'format', 'get')];
    try {
      expect(t('app-palette-run', { count: 1 })).toBe('Run a macro on 1 conversation…');
      expect(t('app-palette-run', { count: 1234 })).toBe('Run a macro on 1,234 conversations…');
      expect(number(4096)).toBe('4,096');
      expect(number(4096, { useGrouping: false })).toBe('4096');
      for (const spy of made) expect(spy, 'no Intl object used for English').not.toHaveBeenCalled();
      // A fraction still goes to Intl.
      expect(number(1.25, { maximumFractionDigits: 1 })).toBe(new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(1.25));
    } finally {
      for (const spy of made) spy.mockRestore();
    }
  });

  it('isolates a name whose direction differs from the sentence, and only then', async () => {
    expect(isolate('Ana Ferreira')).toBe('Ana Ferreira');
    expect(isolate('مريم حداد')).toBe('\u2068مريم حداد\u2069');
    await setLanguage('ar');
    expect(language().dir).toBe('rtl');
    expect(document.documentElement.dir).toBe('rtl');
    expect(isolate('A-1009')).toBe('\u2068A-1009\u2069');
    expect(isolate('مريم حداد')).toBe('مريم حداد');
  });

  it('says every refusal of the hub in the agent’s language by its code, an unknown code in the hub’s words', async () => {
    const refusal = { code: 'window_closed', message: "the customer's 24-hour window has closed: only an approved template can be sent" };
    expect(asUiError(refusal).message).toBe(refusal.message);
    await setLanguage('pt-BR');
    expect(asUiError(refusal).message).toBe('a janela de 24 horas do cliente fechou: só é possível enviar um modelo aprovado');
    expect(asUiError({ code: 'forbidden', message: 'claim the conversation first' }).message).toBe(
      'você não pode fazer isso: sua função não permite, ou a conversa não está com você',
    );
    expect(asUiError({ code: 'duplicate_name', message: 'another label has that name' }).message).toBe('esse nome já está em uso: escolha outro');
    // A code this app does not know yet (a newer hub): the hub's words.
    expect(asUiError({ code: 'from_a_newer_hub', message: 'a newer refusal' }).message).toBe('a newer refusal');
  });

  it('switches the whole app live, remembers the choice, and says a refused reply’s reason in the new language', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
      threads: {
        1: [
          { key: 'm1', direction: 'inbound', kind: 'text', text: 'Is my order on its way?', status: 'read', error: null, timestamp: now - 60, cursor: [now - 60, 1], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null },
          { key: 'qx', direction: 'outbound', kind: 'text', text: 'Yes!', status: 'failed', error: "the customer's 24-hour window has closed: only an approved template can be sent", error_code: 'window_closed', timestamp: now - 30, cursor: null, media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null },
        ],
      },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'the row')).click();
    const why = await until(() => root.querySelector('[data-testid="why"]'), 'the reason');
    expect(why.textContent).toContain('window has closed');
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="settings"]'), 'the settings button')).click();
    const picker = await until(() => root.querySelector<HTMLSelectElement>('[data-testid="language"]'), 'the picker');
    picker.value = 'pt-BR';
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => document.documentElement.lang === 'pt-BR', 'Portuguese');
    flushSync();
    await until(() => root.querySelector('[data-testid="why"]')?.textContent?.includes('janela de 24 horas'), 'the reason in Portuguese');
    expect(backend.chosenLanguage).toBe('pt-BR');
    expect(root.querySelector('[data-testid="sign-out"]')?.textContent).not.toBe('Sign out');
  });
});

describe('Dates in the chosen language', () => {
  it('writes the system’s words in its language, the catalogue’s in another', async () => {
    const { fullDate, clock, timeWordsLanguage, useTimeWords, ENGLISH } = await import('./format');
    // 14:05 local time on Thursday 3 December 2026.
    const ts = new Date(2026, 11, 3, 14, 5).getTime() / 1000;
    useTimeWords({ ...ENGLISH, twelve_hour: true, date_order: 'mdy' });
    timeWordsLanguage('en');
    expect(fullDate(ts)).toBe('Thursday, December 3, 2026');
    expect(clock(ts)).toBe('2:05 PM');
    await setLanguage('pt-BR');
    expect(fullDate(ts)).toBe('quinta-feira 3 dezembro 2026');
    expect(clock(ts)).toBe('14:05');
    await setLanguage('ar');
    expect(fullDate(ts)).toContain('الخميس');
    // A system locale that is not installed gives English words: the
    // catalogue's are used even in the system's own language.
    timeWordsLanguage('ar');
    expect(fullDate(ts)).toContain('ديسمبر');
    timeWordsLanguage('en');
    useTimeWords(null);
  });
});
