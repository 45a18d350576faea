import { describe, expect, it } from 'vitest';
import { aPet } from '../../test/index.ts';
import { continuityJudgePrompt } from './continuity-prompt.ts';
import { normalizeTitle, repetitionShare } from './multi-day.ts';

const day = (...titles: string[]) => ({ titles });

describe('repetitionShare', () => {
  it('is 0 when every day is new and 1 when the days are copies', () => {
    expect(repetitionShare([day('Walk', 'Nap'), day('Swim', 'Read'), day('Bake', 'Paint')])).toBe(0);
    expect(repetitionShare([day('Walk', 'Nap'), day('Walk', 'Nap'), day('Walk', 'Nap')])).toBe(1);
  });

  it('counts titles of days 2..N equal to one of the previous three days, case and punctuation ignored', () => {
    const days = [day('Walk in park'), day('Nap'), day('Swim'), day('Read'), day('walk in park!', 'Nap.')];
    // day 5: "walk in park!" is four days after day 1 (outside the window); "Nap." repeats day 2
    expect(repetitionShare(days)).toBeCloseTo(1 / 5);
    expect(repetitionShare(days, 4)).toBeCloseTo(2 / 5);
  });

  it('has no figure below two days', () => {
    expect(repetitionShare([day('Walk')])).toBeNull();
    expect(repetitionShare([])).toBeNull();
  });

  it('normalises Chinese titles too', () => {
    expect(normalizeTitle('公园散步！')).toBe(normalizeTitle('公园散步'));
    expect(normalizeTitle('  Walk,  in the Park ')).toBe('walk in the park');
  });
});

describe('continuityJudgePrompt', () => {
  const days = [
    {
      date: '2025-05-12',
      schedule: [{ time: '09:00', title: 'Swim lesson', detail: 'First try at floating.' }],
    },
    { date: '2025-05-13', schedule: [] },
  ];

  it('shows the days in order as quoted data, with the metric scale in the system prompt', () => {
    const p = continuityJudgePrompt({
      metric: 'continuity',
      locale: 'en',
      pet: aPet().profile,
      owner: { name: 'Lena', callName: '', interests: [] },
      memories: ['Lena has an exam on Friday.'],
      days,
    });
    expect(p.system).toContain('Metric: Continuity');
    expect(p.system).toContain('5 = the days read as one continuing life');
    expect(p.prompt.indexOf('## 2025-05-12')).toBeLessThan(p.prompt.indexOf('## 2025-05-13'));
    expect(p.prompt).toContain('09:00 Swim lesson — First try at floating.');
    expect(p.prompt).toContain('(the schedule is empty)');
    expect(p.prompt).toContain('Lena has an exam on Friday.');
    expect(p.prompt).toContain('2 consecutive days');
    expect(p.promptVersion).toBe(
      'continuity-judge@v1/en+continuity-judge-sample@v1/en+continuity-metrics@v1/en',
    );
  });

  it('has a Chinese prompt for Chinese samples', () => {
    const p = continuityJudgePrompt({
      metric: 'variety',
      locale: 'zh',
      pet: aPet().profile,
      owner: { name: '小林', callName: '', interests: [] },
      memories: [],
      days,
    });
    expect(p.system).toContain('指标：不重复');
    expect(p.prompt).toContain('连续 2 天');
  });
});
