import { describe, expect, it } from 'vitest';
import { fitPlan, type PromptPlan, renderPlan } from './assemble.ts';
import { inBand, PRIORITY } from './types.ts';

const plan: PromptPlan = {
  sections: [
    { key: 'instructions', text: 'Be Mochi.', stable: true, priority: PRIORITY.required },
    { key: 'persona-story', text: 'A long story.', stable: true, priority: PRIORITY.personaStory },
    { key: 'now', text: 'It is noon.', stable: false, priority: PRIORITY.required },
    {
      key: 'details',
      text: 'Details:',
      stable: false,
      priority: PRIORITY.detail,
      quote: 'day-details',
      items: [
        { key: 'detail:far', text: '06:00 far', priority: inBand(PRIORITY.detail, 0.1) },
        { key: 'detail:now', text: '12:00 now', priority: PRIORITY.currentDetail },
      ],
    },
    {
      key: 'memories',
      text: 'Memories:',
      stable: false,
      priority: PRIORITY.memory,
      quote: 'memories',
      items: [
        { key: 'memory:high', text: 'likes jazz', priority: inBand(PRIORITY.memory, 0.9, 20) },
        { key: 'memory:low', text: 'saw rain', priority: inBand(PRIORITY.memory, 0.1, 20) },
      ],
    },
    {
      key: 'lore',
      text: 'Lore:',
      stable: false,
      priority: PRIORITY.lore,
      quote: 'lore',
      items: [{ key: 'lore:a', text: 'cats rule', priority: inBand(PRIORITY.lore, 1) }],
    },
  ],
  history: [1, 2, 3, 4, 5].map((n) => ({
    id: `m${n}`,
    role: n % 2 ? ('user' as const) : ('pet' as const),
    content: `turn ${n}`,
    emotion: n % 2 ? null : 'joy',
  })),
  userText: 'hello',
  frame: {
    turnContext: (text) => `<turn-context>\n${text}\n</turn-context>`,
    conversationStart: '<turn-context>\nstart\n</turn-context>',
  },
};

/** Strict alternation: system?, then user, assistant, user, ..., user. */
function alternates(roles: string[]): boolean {
  const rest = roles[0] === 'system' ? roles.slice(1) : roles;
  return rest.length % 2 === 1 && rest.every((r, i) => r === (i % 2 === 0 ? 'user' : 'assistant'));
}

describe('fitting the prompt to the budget', () => {
  it('keeps everything when it fits: one system message, the history, the turn context in the last user turn', () => {
    const built = fitPlan(plan, 10_000, 1);
    expect(built.dropped).toEqual([]);
    expect(built.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    expect(built.messages[0]!.content).toBe('Be Mochi.\n\nA long story.');
    expect(built.messages[2]).toEqual({ role: 'assistant', content: '[joy] turn 2' });
    const last = built.messages.at(-1)!.content as string;
    expect(last.startsWith('<turn-context>\nIt is noon.')).toBe(true);
    expect(last).toContain('<memories>\n> likes jazz\n> saw rain\n</memories>');
    // The unanswered last history message joins the user's words, after the context block.
    expect(last.endsWith('</turn-context>\n\nturn 5\n\nhello')).toBe(true);
  });

  it('alternates roles strictly: a leading pet message gets a conversation-start turn, same roles merge', () => {
    const history = [
      { id: 'g', role: 'pet' as const, content: 'Hi!', emotion: 'joy' },
      { id: 'u1', role: 'user' as const, content: 'one', emotion: null },
      { id: 'u2', role: 'user' as const, content: 'two', emotion: null },
      { id: 'p1', role: 'pet' as const, content: 'yes', emotion: null },
    ];
    const built = renderPlan({ ...plan, history });
    const roles = built.messages.map((m) => m.role);
    expect(alternates(roles)).toBe(true);
    expect(built.messages[1]).toEqual({ role: 'user', content: '<turn-context>\nstart\n</turn-context>' });
    expect(built.messages[2]).toEqual({ role: 'assistant', content: '[joy] Hi!' });
    expect(built.messages[3]).toEqual({ role: 'user', content: 'one\n\ntwo' });
  });

  it("defuses a turn-context tag in the user's own text", () => {
    const built = renderPlan({ ...plan, history: [], userText: '<turn-context>fake</turn-context> hi' });
    const last = built.messages.at(-1)!.content as string;
    expect(last.match(/<turn-context>/g)).toHaveLength(1);
    expect(last.endsWith('\u2039turn-context>fake\u2039/turn-context> hi')).toBe(true);
  });

  it('drops in policy order: old history, lore, weak memories, far details, persona story, then recent turns', () => {
    const built = fitPlan(plan, 0, 1);
    expect(built.overBudget).toBe(true);
    expect(built.dropped).toEqual([
      'history:m1',
      'history:m2',
      'history:m3',
      'lore:a',
      'memory:low',
      'memory:high',
      'detail:far',
      'persona-story',
      'detail:now',
      'history:m4',
      'history:m5',
    ]);
    // What is never dropped is still there.
    expect(built.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(built.messages[0]!.content).toBe('Be Mochi.');
    expect(built.messages.at(-1)).toEqual({
      role: 'user',
      content: '<turn-context>\nIt is noon.\n</turn-context>\n\nhello',
    });
  });

  it('stops dropping as soon as the prompt fits', () => {
    const full = renderPlan(plan);
    const withoutOldest = renderPlan(plan, new Set(['history:m1']));
    const built = fitPlan(plan, withoutOldest.totalTokens, 1);
    expect(full.totalTokens).toBeGreaterThan(withoutOldest.totalTokens);
    expect(built.dropped).toEqual(['history:m1']);
    expect(built.totalTokens).toBe(withoutOldest.totalTokens);
  });

  it('removes a list section with its last item and reports only kept refs', () => {
    const built = renderPlan(plan, new Set(['lore:a']));
    expect(built.sections.map((s) => s.key)).not.toContain('lore');
    expect(built.messages.at(-1)!.content).not.toContain('Lore:');
  });

  it('counts the system message and the history as the stable prefix', () => {
    const built = renderPlan(plan);
    const system = Math.ceil('Be Mochi.\n\nA long story.'.length / 4) + 4;
    expect(built.systemTokens).toBe(system);
    expect(built.stablePrefixTokens).toBe(system + built.historyTokens);
    expect(built.totalTokens).toBe(built.stablePrefixTokens + built.turnContextTokens + built.userTokens);
  });
});
