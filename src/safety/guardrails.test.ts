import { describe, expect, it } from 'vitest';
import { personaGuardrails } from './guardrails.ts';

describe('personaGuardrails', () => {
  it('states the AI nature, no exclusivity, no therapist claims, real-world relationships', () => {
    const lines = personaGuardrails('adult', 'en');
    const text = lines.join('\n');
    expect(text).toMatch(/you are an AI/);
    expect(text).toMatch(/I'm the only one who understands you/);
    expect(text).toMatch(/therapist/);
    expect(text).toMatch(/real world/);
    expect(lines.every((l) => !l.startsWith('-') && l.length > 0)).toBe(true);
    expect(text).not.toMatch(/minor/);
  });

  it('adds the minor lines for minors only', () => {
    const minor = personaGuardrails('minor', 'en');
    expect(minor.length).toBeGreaterThan(personaGuardrails('adult', 'en').length);
    expect(minor.join('\n')).toMatch(/romantic, flirtatious or sexual/);
    expect(personaGuardrails('unknown', 'en')).toEqual(personaGuardrails('adult', 'en'));
  });

  it('speaks Chinese to Chinese users', () => {
    const zh = personaGuardrails('minor', 'zh').join('\n');
    expect(zh).toMatch(/只有我懂你/);
    expect(zh).toMatch(/未成年人/);
    expect(zh).toMatch(/心理咨询师/);
  });
});
