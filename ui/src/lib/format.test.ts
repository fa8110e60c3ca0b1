import { describe, expect, it } from 'vitest';
import {
  ENGLISH,
  assigneeLabel,
  withoutOverrides,
  cannedQuery,
  clock,
  dateTime,
  dayLabel,
  displayName,
  duration,
  fillCanned,
  linkParts,
  phoneOrId,
  snippetParts,
  ticks,
  useTimeWords,
  when,
  windowLeft,
} from './format';

describe('format', () => {
  it('shows WhatsApp ticks for each delivery status', () => {
    expect(ticks('sent').shape).toBe('one');
    expect(ticks('delivered').shape).toBe('two');
    expect(ticks('read').label).toBe('read');
    expect(ticks('failed').shape).toBe('failed');
  });

  it('counts down the 24-hour window and closes it', () => {
    expect(windowLeft(1000, 1000 + 3600)).toBe('23h 0m');
    expect(windowLeft(1000, 1000 + 86400)).toBeNull();
    expect(windowLeft(null, 0)).toBeNull();
  });

  it('splits a search snippet into plain text and marked matches', () => {
    expect(snippetParts('the \uE000parcel\uE001 left <b>')).toEqual([
      { text: 'the ', hit: false },
      { text: 'parcel', hit: true },
      { text: ' left <b>', hit: false },
    ]);
    expect(snippetParts('no match')).toEqual([{ text: 'no match', hit: false }]);
  });

  it('names contacts and assignees', () => {
    expect(displayName({ contact_name: null, wa_id: '351912345678' })).toBe('+351912345678');
    expect(displayName({ contact_name: 'Ana', wa_id: '1' })).toBe('Ana');
    expect(assigneeLabel(null, 2)).toBe('Unassigned');
    expect(assigneeLabel(2, 2)).toBe('You');
    // Regression (issue 25.1): colleagues were "Agent #3" everywhere but
    // the assign menu; now by name, the number only for a stranger.
    const people = [{ id: 3, name: 'Sam Agent' }];
    expect(assigneeLabel(3, 2, people)).toBe('Sam Agent');
    expect(assigneeLabel(9, 2, people)).toBe('Agent #9');
  });

  it('drops direction overrides from names, previews and file names (issue 25.4)', () => {
    expect(displayName({ contact_name: '\u202Eevil\u202C RTL name', wa_id: '1' })).toBe('evil RTL name');
    expect(withoutOverrides('\u202Egnp.exe\u202C invoice')).toBe('gnp.exe invoice');
    expect(withoutOverrides('\u2067مرحبا\u2069 hi')).toBe('مرحبا hi');
    expect(displayName({ contact_name: '\u202E', wa_id: '351912345678' })).toBe('+351912345678');
  });
});


describe('linkParts', () => {
  it('makes web links of http and https only, without the sentence around them', () => {
    expect(linkParts('See https://example.com/track?id=4417. Thanks')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/track?id=4417', href: 'https://example.com/track?id=4417' },
      { text: '. Thanks' },
    ]);
    for (const hostile of ['javascript:alert(1)', 'data:text/html,<script>x</script>', 'file:///etc/passwd', 'vbscript:msgbox']) {
      expect(linkParts(hostile), hostile).toEqual([{ text: hostile }]);
    }
    expect(linkParts('no links here')).toEqual([{ text: 'no links here' }]);
  });
});

describe('canned replies', () => {
  const ctx = { contactName: 'Ana Ferreira', contactNumber: '+351912345678', agentName: 'Sam' };
  it('fills in the contact and the agent, and leaves anything else as written', () => {
    expect(fillCanned('Hi {{contact.name}}, {{ agent.name }} here. {{order.id}}', ctx)).toBe(
      'Hi Ana Ferreira, Sam here. {{order.id}}',
    );
    expect(fillCanned('Calling {{contact.number}}', ctx)).toBe('Calling +351912345678');
    expect(fillCanned('<b>{{contact.name}}</b>', { ...ctx, contactName: '$& $1' })).toBe('<b>$& $1</b>');
  });
  it('reads a shortcut only when the box holds / and a word', () => {
    expect(cannedQuery('/')).toBe('');
    expect(cannedQuery('/ship')).toBe('ship');
    expect(cannedQuery('see /ship')).toBeNull();
    expect(cannedQuery('/ship it')).toBeNull();
  });
});

describe('people and times', () => {
  it('shows a number with its + and a business-scoped user id as it is', () => {
    expect(phoneOrId('351912345678')).toBe('+351912345678');
    expect(phoneOrId('US.13491208655302741918')).toBe('US.13491208655302741918');
    expect(displayName({ contact_name: null, wa_id: 'US.1349' })).toBe('US.1349');
  });
  it('says durations as people do', () => {
    expect(duration(45)).toBe('45 s');
    expect(duration(95)).toBe('1 min 35 s');
    expect(duration(5_400)).toBe('1 h 30 min');
    expect(duration(3 * 86_400 + 4 * 3_600)).toBe('3 d 4 h');
    expect(duration(null)).toBe('—');
  });

  it("writes dates and times in the system locale's words, without Intl", () => {
    // Local time, so the test holds in any time zone.
    const at = new Date(2026, 11, 3, 14, 5).getTime() / 1000;
    const morning = new Date(2026, 11, 3, 0, 7).getTime() / 1000;
    const later = new Date(2026, 11, 20, 9, 0).getTime() / 1000;
    useTimeWords(ENGLISH);
    expect(clock(at)).toBe('14:05');
    expect(clock(morning)).toBe('00:07');
    expect(when(at, later)).toBe('3 Dec');
    expect(dayLabel(at, later)).toBe('Thursday 3 December 2026');
    expect(dateTime(at)).toBe('3 Dec 2026 14:05');
    useTimeWords({ ...ENGLISH, twelve_hour: true, date_order: 'mdy' });
    expect(clock(at)).toBe('2:05 PM');
    expect(clock(morning)).toBe('12:07 AM');
    expect(when(at, later)).toBe('Dec 3');
    expect(dayLabel(at, later)).toBe('Thursday, December 3, 2026');
    expect(dateTime(at)).toBe('Dec 3, 2026 2:05 PM');
    const german = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
    useTimeWords({ ...ENGLISH, months: german, weekdays: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'] });
    expect(dayLabel(at, later)).toBe('Donnerstag 3 Dezember 2026');
    // Words that are not whole (a month missing) are not used.
    useTimeWords({ ...ENGLISH, months: german.slice(1) });
    expect(dayLabel(at, later)).toBe('Thursday 3 December 2026');
    useTimeWords(ENGLISH);
  });
});
