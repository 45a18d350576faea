import { describe, expect, it } from 'vitest';
import type { ProductEvent } from '../../core/index.ts';
import { at, type Harness, minutes } from './harness.ts';

export function eventsContract(h: Harness): void {
  describe('product events', () => {
    it('records events and lists a time range, oldest first, optionally for one experiment', async () => {
      const user = await h.user();
      const experiment = h.id('exp');
      const event = (offset: number, overrides: Partial<ProductEvent> = {}): ProductEvent => ({
        userId: user.id,
        kind: 'message_sent',
        at: at(minutes(offset)),
        experiment,
        variant: 'treatment',
        sessionId: 'ses_1',
        petId: null,
        ...overrides,
      });
      await h
        .store()
        .events.record([
          event(2),
          event(0, { kind: 'session_start' }),
          event(5, { experiment: null, variant: null, kind: 'schedule_view', sessionId: null }),
          event(60, { kind: 'session_end' }),
        ]);

      const listed = await h.store().events.list({ from: at(0), to: at(minutes(60)), experiment });
      expect(listed.map((e) => e.kind)).toEqual(['session_start', 'message_sent']);
      expect(listed[1]).toEqual(event(2));

      const all = (await h.store().events.list({ from: at(0), to: at(minutes(61)) })).filter(
        (e) => e.userId === user.id,
      );
      expect(all.map((e) => e.kind)).toEqual([
        'session_start',
        'message_sent',
        'schedule_view',
        'session_end',
      ]);
      expect(all[2]).toMatchObject({ experiment: null, variant: null, sessionId: null, petId: null });
    });
  });
}
