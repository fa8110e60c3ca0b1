import { describe, expect, it } from 'vitest';
import { assigneeLabel, canClaim, canReply, displayName, ticks, windowLeft } from './format';

describe('format', () => {
  it('shows WhatsApp ticks for each delivery status', () => {
    expect(ticks('sent').glyph).toBe('✓');
    expect(ticks('delivered').glyph).toBe('✓✓');
    expect(ticks('read').label).toBe('read');
    expect(ticks('failed').glyph).toBe('!');
  });

  it('counts down the 24-hour window and closes it', () => {
    expect(windowLeft(1000, 1000 + 3600)).toBe('23h 0m');
    expect(windowLeft(1000, 1000 + 86400)).toBeNull();
    expect(windowLeft(null, 0)).toBeNull();
  });

  it('follows the role table', () => {
    expect(canReply('agent', 2, 2)).toBe(true);
    expect(canReply('agent', 2, null)).toBe(false);
    expect(canReply('viewer', 2, 2)).toBe(false);
    expect(canReply('admin', 1, 7)).toBe(true);
    expect(canClaim('agent', null)).toBe(true);
    expect(canClaim('viewer', null)).toBe(false);
    expect(canClaim('agent', 5)).toBe(false);
  });

  it('names contacts and assignees', () => {
    expect(displayName({ contact_name: null, wa_id: '351912345678' })).toBe('+351912345678');
    expect(displayName({ contact_name: 'Ana', wa_id: '1' })).toBe('Ana');
    expect(assigneeLabel(null, 2)).toBe('Unassigned');
    expect(assigneeLabel(2, 2)).toBe('You');
  });
});
