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
};

describe('fitting the prompt to the budget', () => {
  it('keeps everything when it fits', () => {
    const built = fitPlan(plan, 10_000, 1);
    expect(built.dropped).toEqual([]);
    expect(built.messages.map((m) => m.role)).toEqual([
      'system',
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'user',
    ]);
    expect(built.messages[3]).toEqual({ role: 'assistant', content: '[joy] turn 2' });
    expect(built.messages[1]!.content).toContain('<memories>\n> likes jazz\n> saw rain\n</memories>');
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
    const system = built.messages.filter((m) => m.role === 'system').map((m) => m.content);
    expect(system).toEqual(['Be Mochi.', 'It is noon.']);
    expect(built.messages.at(-1)).toEqual({ role: 'user', content: 'hello' });
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
    expect(built.messages[1]!.content).not.toContain('Lore:');
  });

  it('counts the stable prefix as the first system message only', () => {
    const built = renderPlan(plan);
    expect(built.stablePrefixTokens).toBe(Math.ceil('Be Mochi.\n\nA long story.'.length / 4) + 4);
  });
});
