import { describe, expect, it } from 'vitest';
import type { ProductEvent } from '../core/index.ts';
import { ValidationError } from '../core/index.ts';
import { recordEvent } from './product-events.ts';

function port() {
  const recorded: ProductEvent[] = [];
  return { recorded, record: async (events: readonly ProductEvent[]) => void recorded.push(...events) };
}

const at = new Date('2025-05-12T10:00:00Z');

describe('recordEvent', () => {
  it('records ids and kinds, with nulls for what is not given', async () => {
    const p = port();
    const event = await recordEvent(p, {
      userId: 'usr_1',
      kind: 'message_sent',
      at,
      sessionId: 'ses_1',
      petId: 'pet_1',
      experiment: 'world-sim',
      variant: 'treatment',
    });
    expect(event).toEqual({
      userId: 'usr_1',
      kind: 'message_sent',
      at,
      experiment: 'world-sim',
      variant: 'treatment',
      sessionId: 'ses_1',
      petId: 'pet_1',
    });
    await recordEvent(p, { userId: 'usr_1', kind: 'schedule_view', at });
    expect(p.recorded[1]).toEqual({
      userId: 'usr_1',
      kind: 'schedule_view',
      at,
      experiment: null,
      variant: null,
      sessionId: null,
      petId: null,
    });
  });

  it('never records text: anything but ids and known kinds is rejected and nothing is written', async () => {
    const p = port();
    const bad = [
      { userId: 'usr_1', kind: 'message_sent', at, sessionId: 'I feel so lonely tonight' },
      { userId: 'usr 1', kind: 'message_sent', at },
      { userId: 'usr_1', kind: 'message_text', at },
      { userId: 'usr_1', kind: 'message_sent', at, text: 'hello' },
      { userId: 'usr_1', kind: 'message_sent', at, experiment: 'x' },
      { userId: 'usr_1', kind: 'message_sent', at: 'yesterday' },
    ];
    for (const input of bad) {
      await expect(recordEvent(p, input as never)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(p.recorded).toEqual([]);
  });
});
