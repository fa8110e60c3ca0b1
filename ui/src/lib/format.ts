import { FluentNumber } from '@fluent/bundle';
import { language, number, t } from './i18n.svelte';
import type { ConversationView, DeliveryStatus, TeamMember, TimeWords } from './types';

const WINDOW_SECONDS = 24 * 60 * 60;

/** A count as a message's placeable: written in the language's digits,
 * chosen among its plural forms, and without grouping (English says
 * "4096 characters", "1500 h ago", as it always has). */
export function quantity(n: number): FluentNumber {
  return new FluentNumber(n, { useGrouping: false });
}

/** The tick shapes the thread draws (SVG, common/Ticks.svelte). */
export type TickShape = 'clock' | 'one' | 'two' | 'failed' | 'unknown';

/** Tick marks as WhatsApp users know them, with the state in words. */
export function ticks(status: DeliveryStatus): { shape: TickShape; label: string } {
  switch (status) {
    case 'queued':
      return { shape: 'clock', label: t('format-tick-queued') };
    case 'pending':
      return { shape: 'clock', label: t('format-tick-pending') };
    case 'unknown':
      return { shape: 'unknown', label: t('format-tick-unknown') };
    case 'accepted':
    case 'sent':
      return { shape: 'one', label: t('format-tick-sent') };
    case 'delivered':
      return { shape: 'two', label: t('format-tick-delivered') };
    case 'read':
      return { shape: 'two', label: t('format-tick-read') };
    case 'failed':
      return { shape: 'failed', label: t('format-tick-failed') };
  }
}

/** Time left in the 24-hour window, or null when it is closed. */
export function windowLeft(lastInboundAt: number | null, now: number): string | null {
  if (lastInboundAt === null) return null;
  const left = lastInboundAt + WINDOW_SECONDS - now;
  if (left <= 0) return null;
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  return h > 0
    ? t('format-window-hours-minutes', { hours: quantity(h), minutes: quantity(m) })
    : t('format-window-minutes', { minutes: quantity(m) });
}

export function displayName(c: Pick<ConversationView, 'contact_name' | 'wa_id'>): string {
  return withoutOverrides(c.contact_name ?? '').trim() || phoneOrId(c.wa_id);
}

/** A customer's name, preview or file name without the explicit
 * direction overrides, embeddings and isolates (U+202A–U+202E,
 * U+2066–U+2069) that make "\u202Egnp.exe" read as "exe.png"; where it is
 * shown it is also isolated from the text around it (`unicode-bidi:
 * isolate`), so it cannot reorder what follows. */
export function withoutOverrides(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
}

/** A WhatsApp id as people read it: a phone number with its `+`, or a
 * business-scoped user id (`US.…`, a customer whose number WhatsApp does
 * not share) as it is. */
export function phoneOrId(waId: string): string {
  return /^\d+$/.test(waId) ? `+${waId}` : waId;
}

export function assigneeLabel(assignee: number | null, me: number, people: readonly TeamMember[] = []): string {
  if (assignee === null) return t('format-assignee-none');
  if (assignee === me) return t('format-assignee-you');
  // A colleague by name, from the kept team list; the number only for one
  // this desktop has never heard of.
  return people.find((p) => p.id === assignee)?.name ?? t('format-assignee-agent', { id: quantity(assignee) });
}

/** English, a 24-hour clock, day before month: until the shell has said
 * what the system's locale uses (and in tests). */
export const ENGLISH: TimeWords = {
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  months_short: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  twelve_hour: false,
  am: 'AM',
  pm: 'PM',
  date_order: 'dmy',
};

// Dates and times are written with the system locale's words, which the
// shell reads (src-tauri/src/time_words.rs), not with `Intl`: that would
// load ICU's date formatting into the web process for the same words.
// When the agent chose another language than the system's, with that
// language's words from its catalogue (format.ftl: `format-months`, …).
let systemWords: TimeWords = ENGLISH;
/** The app's language the system's locale stands for. */
let systemLanguage = 'en';
/** Each chosen language's words, read from its catalogue once. */
const catalogueWords = new Map<string, TimeWords>();

/** Sets the words dates and times are written with (once, at start);
 * English when there are none or they are not whole. */
export function useTimeWords(w: TimeWords | null): void {
  const complete = w !== null && w.months.length === 12 && w.months_short.length === 12 && w.weekdays.length === 7;
  systemWords = complete ? w : ENGLISH;
}

/** Says which of the app's languages the system's words are in. */
export function timeWordsLanguage(code: string): void {
  systemLanguage = code;
}

/** The words for dates and times in the language the app speaks now. */
function words(): TimeWords {
  const code = language().code;
  // The system's own words, unless they are English for another language
  // (its locale is not installed: the C library fell back to English).
  const fellBack = code !== 'en' && systemWords.months[0] === ENGLISH.months[0];
  if (code === systemLanguage && !fellBack) return systemWords;
  const known = catalogueWords.get(code);
  if (known) return known;
  const list = (id: string) => t(id).split('|').map((w) => w.trim());
  const w: TimeWords = {
    months: list('format-months'),
    months_short: list('format-months-short'),
    weekdays: list('format-weekdays'),
    twelve_hour: t('format-clock') === '12',
    am: t('format-am'),
    pm: t('format-pm'),
    date_order: t('format-date-order'),
  };
  const whole = w.months.length === 12 && w.months_short.length === 12 && w.weekdays.length === 7;
  const chosen = whole ? w : systemWords;
  catalogueWords.set(code, chosen);
  return chosen;
}

/** A time of day: "14:05", or "2:05 PM" where the locale counts 12 hours. */
export function clock(ts: number): string {
  const d = new Date(ts * 1000);
  const minutes = String(d.getMinutes()).padStart(2, '0');
  const h = d.getHours();
  if (!words().twelve_hour) return `${String(h).padStart(2, '0')}:${minutes}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${minutes} ${h < 12 ? words().am : words().pm}`;
}

/** A day and month, in the locale's order: "3 Dec", "Dec 3". */
function dayMonth(d: Date, names: string[]): string {
  const day = d.getDate();
  const month = names[d.getMonth()];
  return words().date_order === 'dmy' ? `${day} ${month}` : `${month} ${day}`;
}

/** A report's day (UTC midnight) as a short label: "3 Dec", "Dec 3". */
export function utcDay(ts: number): string {
  const d = new Date(ts * 1000);
  const day = d.getUTCDate();
  const month = words().months_short[d.getUTCMonth()];
  return words().date_order === 'dmy' ? `${day} ${month}` : `${month} ${day}`;
}

/** A full date: "Thursday 3 December 2026", "Thursday, December 3, 2026". */
export function fullDate(ts: number): string {
  const d = new Date(ts * 1000);
  const weekday = words().weekdays[d.getDay()];
  const year = d.getFullYear();
  switch (words().date_order) {
    case 'mdy':
      return `${weekday}, ${dayMonth(d, words().months)}, ${year}`;
    case 'ymd':
      return `${year} ${dayMonth(d, words().months)}, ${weekday}`;
    default:
      return `${weekday} ${dayMonth(d, words().months)} ${year}`;
  }
}

/** A short date with its year: "3 Dec 2026", "Dec 3, 2026", "2026 Dec 3". */
export function shortDate(ts: number): string {
  const d = new Date(ts * 1000);
  const year = d.getFullYear();
  switch (words().date_order) {
    case 'mdy':
      return `${dayMonth(d, words().months_short)}, ${year}`;
    case 'ymd':
      return `${year} ${dayMonth(d, words().months_short)}`;
    default:
      return `${dayMonth(d, words().months_short)} ${year}`;
  }
}

/** A moment: its short date and time, "3 Dec 2026 14:05". */
export function dateTime(ts: number): string {
  return `${shortDate(ts)} ${clock(ts)}`;
}

/** Number of {{n}} placeholders in a template body. */
export function parameterCount(body: string): number {
  let n = 0;
  while (body.includes(`{{${n + 1}}}`)) n += 1;
  return n;
}

export function renderTemplate(body: string, parameters: string[]): string {
  return parameters.reduce((text, p, i) => text.split(`{{${i + 1}}}`).join(p), body);
}

/** A search snippet as parts, `hit` where the core marked a matched word
 * (between U+E000 and U+E001). Rendered as text, never as markup. */
export function snippetParts(snippet: string): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  for (const piece of snippet.split(/(\uE000[^\uE001]*\uE001)/)) {
    if (!piece) continue;
    const hit = piece.startsWith('\uE000');
    parts.push({ text: hit ? piece.slice(1, -1) : piece, hit });
  }
  return parts;
}

/** A message's day, as a separator in the thread says it. */
export function dayLabel(ts: number, now = Date.now() / 1000): string {
  const d = new Date(ts * 1000);
  const today = new Date(now * 1000);
  const yesterday = new Date((now - 86400) * 1000);
  const same = (a: Date, b: Date) => a.toDateString() === b.toDateString();
  if (same(d, today)) return t('format-day-today');
  if (same(d, yesterday)) return t('format-day-yesterday');
  return fullDate(ts);
}

/** The local calendar day of a timestamp (for grouping). */
export function dayKey(ts: number): string {
  return new Date(ts * 1000).toDateString();
}

/** A list row's time: the clock today, else the date. */
export function when(ts: number, now = Date.now() / 1000): string {
  return dayKey(ts) === dayKey(now) ? clock(ts) : dayMonth(new Date(ts * 1000), words().months_short);
}

/** "just now", "12 s ago", "5 min ago", "2 h ago". */
export function ago(ms: number, nowMs = Date.now()): string {
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 5) return t('format-ago-now');
  if (s < 60) return t('format-ago-seconds', { count: quantity(s) });
  if (s < 3600) return t('format-ago-minutes', { count: quantity(Math.floor(s / 60)) });
  return t('format-ago-hours', { count: quantity(Math.floor(s / 3600)) });
}

/** True when the 24-hour window closes within two hours (a marker in the list). */
export function closingSoon(lastInboundAt: number | null, now: number): boolean {
  if (lastInboundAt === null) return false;
  const left = lastInboundAt + WINDOW_SECONDS - now;
  return left > 0 && left < 2 * 3600;
}

/** The most a WhatsApp text may hold. */
export const MAX_TEXT = 4096;

/** What a message without text is, said plainly. */
export function kindLabel(kind: string): string {
  switch (kind) {
    case 'text':
      return '';
    case 'image':
      return t('format-kind-image');
    case 'document':
      return t('format-kind-document');
    case 'audio':
      return t('format-kind-audio');
    case 'video':
      return t('format-kind-video');
    case 'sticker':
      return t('format-kind-sticker');
    case 'location':
      return t('format-kind-location');
    case 'contacts':
      return t('format-kind-contacts');
    case 'reaction':
      return t('format-kind-reaction');
    case 'template':
      return t('format-kind-template');
    case 'call':
      return t('format-kind-call');
    case 'interactive':
      return t('format-kind-interactive');
    case 'button':
      return t('format-kind-button');
    default:
      return t('format-kind-other', { kind });
  }
}

/** A message text as parts, `href` where a web link is (http and https
 * only; anything else stays text). Rendered as text and anchors whose
 * click asks the shell to open the system browser, never the webview. */
export function linkParts(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  const pattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    let url = match[0];
    // Punctuation that ends a sentence is not part of the link.
    while (/[.,;:!?)\]}]$/.test(url)) url = url.slice(0, -1);
    const start = match.index ?? 0;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: url, href: url });
    at = start + url.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** A file size as people read it: 930 B, 12 KB, 3.4 MB. */
export function bytes(n: number): string {
  const plain = { useGrouping: false };
  if (n < 1024) return t('format-size-bytes', { size: number(n, plain) });
  if (n < 1024 * 1024) return t('format-size-kilobytes', { size: number(Math.round(n / 1024), plain) });
  const mb = n / (1024 * 1024);
  // Rounded as before (toFixed), then written in the language's digits.
  const tenths = { ...plain, minimumFractionDigits: 1, maximumFractionDigits: 1 };
  const size = mb < 10 ? number(Number(mb.toFixed(1)), tenths) : number(Math.round(mb), plain);
  return t('format-size-megabytes', { size });
}

/** A web map at a shared location (opened in the system browser). */
export function mapLink(latitude: number, longitude: number): string {
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

/** What a canned reply's variables stand for where it is inserted. */
export interface CannedContext {
  contactName: string;
  contactNumber: string;
  agentName: string;
}

/** A canned reply's text with `{{contact.name}}`, `{{contact.number}}` and
 * `{{agent.name}}` filled in (spaces inside the braces allowed); any other
 * `{{…}}` is left as written, for the agent to see and fix. */
export function fillCanned(text: string, ctx: CannedContext): string {
  const values: Record<string, string> = {
    'contact.name': ctx.contactName,
    'contact.number': ctx.contactNumber,
    'agent.name': ctx.agentName,
  };
  return text.replace(/\{\{\s*([a-z.]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/** The shortcut being typed when the whole box is `/` and a word, else null. */
export function cannedQuery(draft: string): string | null {
  const m = /^\/([a-z0-9_-]*)$/.exec(draft);
  return m ? m[1] : null;
}

/** A duration as people say it: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function duration(secs: number | null | undefined): string {
  if (secs == null) return '—';
  const s = Math.max(0, Math.round(secs));
  if (s < 60) return t('format-duration-seconds', { seconds: quantity(s) });
  if (s < 3600) {
    const [minutes, seconds] = [Math.floor(s / 60), s % 60];
    return seconds
      ? t('format-duration-minutes-seconds', { minutes: quantity(minutes), seconds: quantity(seconds) })
      : t('format-duration-minutes', { minutes: quantity(minutes) });
  }
  if (s < 86_400) {
    const [hours, minutes] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60)];
    return minutes
      ? t('format-duration-hours-minutes', { hours: quantity(hours), minutes: quantity(minutes) })
      : t('format-duration-hours', { hours: quantity(hours) });
  }
  const [days, hours] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600)];
  return hours
    ? t('format-duration-days-hours', { days: quantity(days), hours: quantity(hours) })
    : t('format-duration-days', { days: quantity(days) });
}

/** What the snooze menu offers at `now` (unix seconds): in an hour, this
 * evening's end (tomorrow at 9:00), next Monday at 9:00, and until the
 * customer writes (`until` null). */
export function snoozeChoices(now: number): { label: string; until: number | null }[] {
  const at = (days: number, hour: number) => {
    const d = new Date(now * 1000);
    d.setDate(d.getDate() + days);
    d.setHours(hour, 0, 0, 0);
    return Math.floor(d.getTime() / 1000);
  };
  const weekday = new Date(now * 1000).getDay();
  const toMonday = ((8 - weekday) % 7) || 7;
  return [
    { label: t('format-snooze-hour'), until: now + 3600 },
    { label: t('format-snooze-tomorrow'), until: at(1, 9) },
    { label: t('format-snooze-next-week'), until: at(toMonday, 9) },
    { label: t('format-snooze-until-reply'), until: null },
  ];
}

/** The time left to a service-level target at `now` (unix seconds), in
 * words: "45m left", "2h 10m left", "3d left"; past it, "overdue 12m". */
export function dueLeft(dueAt: number, now: number): { text: string; overdue: boolean } {
  const left = dueAt - now;
  const span = Math.abs(left);
  const m = Math.floor(span / 60);
  const overdue = left <= 0;
  let text: string;
  if (m < 60) {
    const args = { minutes: quantity(Math.max(m, 1)) };
    text = overdue ? t('format-due-overdue-minutes', args) : t('format-due-left-minutes', args);
  } else if (m < 24 * 60) {
    const args = { hours: quantity(Math.floor(m / 60)), minutes: quantity(m % 60) };
    text = overdue ? t('format-due-overdue-hours', args) : t('format-due-left-hours', args);
  } else {
    const args = { days: quantity(Math.floor(m / 1440)) };
    text = overdue ? t('format-due-overdue-days', args) : t('format-due-left-days', args);
  }
  return { text, overdue };
}

/** Which target a due time is for, in words(). */
export function dueWhat(kind: string | undefined): string {
  switch (kind) {
    case 'first_response':
      return t('format-due-first-response');
    case 'next_response':
      return t('format-due-next-response');
    case 'resolution':
      return t('format-due-resolution');
    default:
      return t('format-due-other');
  }
}
