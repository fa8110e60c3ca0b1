import type { ConversationView, DeliveryStatus } from './types';

const WINDOW_SECONDS = 24 * 60 * 60;

/** Tick marks as WhatsApp users know them. */
export function ticks(status: DeliveryStatus): { glyph: string; label: string } {
  switch (status) {
    case 'queued':
      return { glyph: '🕓', label: 'waiting to reach the hub' };
    case 'pending':
      return { glyph: '🕓', label: 'sending' };
    case 'unknown':
      return { glyph: '?', label: 'may not have been sent: check with the customer before resending' };
    case 'accepted':
    case 'sent':
      return { glyph: '✓', label: 'sent' };
    case 'delivered':
      return { glyph: '✓✓', label: 'delivered' };
    case 'read':
      return { glyph: '✓✓', label: 'read' };
    case 'failed':
      return { glyph: '!', label: 'not sent' };
  }
}

/** Time left in the 24-hour window, or null when it is closed. */
export function windowLeft(lastInboundAt: number | null, now: number): string | null {
  if (lastInboundAt === null) return null;
  const left = lastInboundAt + WINDOW_SECONDS - now;
  if (left <= 0) return null;
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

export function displayName(c: Pick<ConversationView, 'contact_name' | 'wa_id'>): string {
  return c.contact_name?.trim() || `+${c.wa_id}`;
}

export function assigneeLabel(assignee: number | null, me: number): string {
  if (assignee === null) return 'Unassigned';
  if (assignee === me) return 'You';
  return `Agent #${assignee}`;
}

export function clock(ts: number): string {
  const d = new Date(ts * 1000);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
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
