import { describe, expect, it } from 'vitest';
import { petProfileSchema, userProfileSchema } from '../../core/index.ts';
import { worldJudgePrompt } from './judge-prompt.ts';
import { metricDefinition, WORLD_METRICS } from './metrics.ts';

const pet = petProfileSchema.parse({
  name: 'Mochi',
  kind: 'orange tabby cat',
  personality: 'Curious and stubborn.',
  likes: ['kites', 'sardines'],
  dislikes: ['the vacuum cleaner'],
});
const owner = userProfileSchema.parse({ name: 'Ada', interests: ['hiking', 'podcasts'] });
const schedule = [
  { time: '07:30', title: 'Morning stretch', detail: 'Mochi stretches on the sunny windowsill.' },
  { time: '10:00', title: 'Kite hunt', detail: 'Mochi chases a red kite in the park.' },
];

describe('world judge prompt', () => {
  it('carries the metric definition and scale from the metrics file, and the whole sample', () => {
    for (const metric of WORLD_METRICS) {
      const def = metricDefinition(metric, 'en');
      const p = worldJudgePrompt({
        metric,
        locale: 'en',
        mode: 'memory',
        pet,
        owner,
        memories: ['Ada is training for a half marathon.'],
        day: { date: '2025-05-12', method: 'world-sim', outline: 'internal outline', schedule },
      });
      expect(p.system).toContain(`# Metric: ${def.name}`);
      expect(p.system).toContain(def.definition);
      expect(p.system).toContain(def.scale);
      expect(p.system).toMatch(/First write your analysis[\s\S]*Only then give the rating/);
      expect(p.prompt).toContain('> Name: Mochi');
      expect(p.prompt).toContain('> Dislikes: the vacuum cleaner');
      expect(p.prompt).toContain('> Interests: hiking, podcasts');
      expect(p.prompt).toContain('> Ada is training for a half marathon.');
      expect(p.prompt).toContain('> 10:00 Kite hunt — Mochi chases a red kite in the park.');
      expect(p.prompt).not.toContain('internal outline');
      expect(p.promptVersion).toBe('world-judge@v1/en+world-judge-sample@v1/en+world-metrics@v1/en');
    }
  });

  it('defines the four metrics as the paper does, with 0 only for Realism', () => {
    expect(metricDefinition('realism', 'en').definition).toMatch(
      /activity conflicts.*schedule feasibility.*plausibility/s,
    );
    expect(metricDefinition('realism', 'en').scale).toMatch(/^0 = there is no schedule/m);
    expect(metricDefinition('consistency', 'en').definition).toMatch(/character profile/);
    expect(metricDefinition('richness', 'en').definition).toMatch(/daily stamina/);
    expect(metricDefinition('attraction', 'en').definition).toMatch(
      /desire to talk.*relevant.*emotional resonance/s,
    );
    for (const metric of ['consistency', 'richness', 'attraction'] as const) {
      expect(metricDefinition(metric, 'en').scale).not.toMatch(/^0 =/m);
      expect(metricDefinition(metric, 'zh').scale).toMatch(/^1 = /m);
    }
  });

  it('shows Basic Information as the profile card with no schedule, and leaves memories out in normal mode', () => {
    const p = worldJudgePrompt({
      metric: 'realism',
      locale: 'en',
      mode: 'normal',
      pet,
      owner,
      memories: ['Ada is training for a half marathon.'],
      day: {
        date: '2025-05-12',
        method: 'basic-info',
        outline: 'Name: Mochi\nKind: orange tabby cat',
        schedule: [],
      },
    });
    expect(p.prompt).toContain('There is no schedule and no activity.');
    expect(p.prompt).toContain('> Kind: orange tabby cat');
    expect(p.prompt).not.toContain('half marathon');
    expect(p.system).not.toContain('remembers');
  });

  it('speaks Chinese for Chinese samples', () => {
    const p = worldJudgePrompt({
      metric: 'attraction',
      locale: 'zh',
      mode: 'normal',
      pet: petProfileSchema.parse({ name: '麻糬', kind: '橘猫' }),
      owner: userProfileSchema.parse({ name: '小林', locale: 'zh' }),
      memories: [],
      day: { date: '2025-05-12', method: 'direct', outline: '', schedule },
    });
    expect(p.system).toContain('# 指标：吸引力');
    expect(p.prompt).toContain('> 名字: 麻糬');
    expect(p.promptVersion).toContain('world-judge@v1/zh');
  });
});
