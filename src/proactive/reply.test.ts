import { describe, expect, it } from 'vitest';
import { fixedClock, sequentialIds, silentLogger } from '../core/index.ts';
import { type ChatDeps, chat } from '../dialogue/index.ts';
import { collect } from '../dialogue/testing/index.ts';
import { aPet, aUser, memoryStore, promptOf, scriptedModel, seed } from '../test/index.ts';
import { deliverDueMessages } from './deliver.ts';

const SHELL = 'I found a spiral shell on the beach - I saved it for you!';

/** A user's reply to a message the pet started continues the conversation like any other. */
describe('replying to a message the pet started', () => {
  it.each([
    ['within the idle gap', 10],
    ['hours later, in a new session', 5 * 60],
  ])('puts the message in the next turn’s history (%s)', async (_when, minutesLater) => {
    const store = memoryStore();
    const user = aUser({
      timezone: 'UTC',
      proactive: { enabled: true, quietStart: '22:00', quietEnd: '08:00', dailyCap: 2 },
    });
    await seed(store, { users: [user], pets: [aPet()] });
    await store.proactive.plan([
      {
        id: 'pmsg_1',
        userId: user.id,
        petId: 'pet_1',
        date: '2026-06-01',
        position: 0,
        dueAt: new Date('2026-06-01T10:00:00Z'),
        text: SHELL,
        groundedIn: '09:30 Beach walk',
        status: 'planned',
        skipReason: null,
        createdAt: new Date('2026-06-01T01:00:00Z'),
        deliveredAt: null,
        messageId: null,
        readAt: null,
      },
    ]);
    const clock = fixedClock('2026-06-01T10:00:00Z');
    const ids = sequentialIds();
    const common = { clock, ids, logger: silentLogger };
    await deliverDueMessages({
      ...common,
      proactive: store.proactive,
      users: store.users,
      allowMinors: false,
      sessionIdleMinutes: 30,
    });

    clock.advance(minutesLater * 60_000);
    const model = scriptedModel({ stream: [{ chunks: ['[joy] Yay, show me!'] }] });
    const deps: ChatDeps = { users: store.users, pets: store.pets, chats: store.chats, model, ...common };
    await collect(chat(deps, { userId: user.id, petId: 'pet_1', text: 'Oh wow, what does it look like?' }));

    const sent = promptOf(model);
    const shell = sent.findIndex((m) => m.role === 'assistant' && m.text.includes('spiral shell'));
    const question = sent.findIndex((m) => m.role === 'user' && m.text.includes('what does it look like'));
    expect(shell).toBeGreaterThan(-1);
    expect(question).toBeGreaterThan(shell);
    const history = await store.chats.recentMessages(user.id, 'pet_1', 10);
    expect(history.map((m) => m.role)).toEqual(['pet', 'user', 'pet']);
  });
});
