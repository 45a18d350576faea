import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/index.ts';
import { scriptedModel, sentText } from '../../test/index.ts';
import { buildPersona } from './build-persona.ts';

const draft = {
  name: 'Mochi',
  kind: 'hamster',
  appearance: 'A round golden hamster with a white belly.',
  personality: 'Mochi is shy with strangers but chatty once she trusts you.',
  traits: ['shy', 'curious', '', 'gentle'],
  speakingStyle: 'Short sentences, lots of little pauses...',
  catchphrases: ['Seeds?'],
  emotionalTendencies: 'Startles at loud noises; happy when fed.',
  likes: ['sunflower seeds', 'tunnels'],
  dislikes: ['loud noises', 'the vacuum cleaner'],
  background: 'Lives in a cage by the window with a wheel that squeaks.',
  exampleLines: ['Um... is that a seed?', 'I made a new tunnel!'],
  greeting: 'H-hello, {{user}}... do you have seeds?',
};

function answering(...answers: unknown[]) {
  const model = scriptedModel({ generate: answers });
  return { model, calls: model.doGenerateCalls, promptText: (n = 0) => sentText(model, n) };
}

describe('buildPersona', () => {
  it('fills a fine-grained profile from the description, asking for JSON in the owner language', async () => {
    const m = answering(draft);
    const result = await buildPersona(
      { model: m.model },
      { description: 'a shy hamster who loves sunflower seeds', locale: 'en', ownerId: 'usr_1' },
    );
    expect(result.profile).toMatchObject({
      name: 'Mochi',
      kind: 'hamster',
      traits: ['shy', 'curious', 'gentle'],
      likes: ['sunflower seeds', 'tunnels'],
      dislikes: ['loud noises', 'the vacuum cleaner'],
      emotionalTendencies: 'Startles at loud noises; happy when fed.',
      exampleLines: ['Um... is that a seed?', 'I made a new tunnel!'],
      greeting: 'H-hello, {{user}}... do you have seeds?',
    });
    expect(result.promptId).toBe('persona@v1/en');
    const prompt = m.promptText();
    expect(prompt).toContain('<description>\n> a shy hamster who loves sunflower seeds\n</description>');
    expect(prompt).toContain('a short name that fits');
    expect(prompt).toContain('Write every field in English');
    expect(m.calls[0]!.responseFormat).toMatchObject({ type: 'json', name: 'persona' });
    expect(m.calls[0]!.providerOptions).toMatchObject({ ipet: { purpose: 'persona', userId: 'usr_1' } });
  });

  it('keeps the fields the owner fixed, and asks for the given name', async () => {
    const m = answering({ ...draft, name: 'Nibbles' });
    const { profile } = await buildPersona(
      { model: m.model },
      { description: '一只害羞的仓鼠', locale: 'zh', fixed: { name: 'Mochi', likes: ['pumpkin seeds'] } },
    );
    expect(profile.name).toBe('Mochi');
    expect(profile.likes).toEqual(['pumpkin seeds']);
    expect(m.promptText()).toContain('就用“Mochi”');
    expect(m.promptText()).toContain('所有字段都用中文书写');
  });

  it('cuts over-long model output to the profile limits', async () => {
    const m = answering({
      ...draft,
      personality: 'x'.repeat(3000),
      traits: Array.from({ length: 12 }, (_, i) => `trait ${i}`),
    });
    const { profile } = await buildPersona({ model: m.model }, { description: 'a hamster', locale: 'en' });
    expect(profile.personality).toHaveLength(2000);
    expect(profile.traits).toHaveLength(8);
  });

  it('asks again when the model leaves out the name, then succeeds', async () => {
    const m = answering({ ...draft, name: '  ' }, draft);
    const { profile } = await buildPersona({ model: m.model }, { description: 'a hamster', locale: 'en' });
    expect(profile.name).toBe('Mochi');
    expect(m.calls).toHaveLength(2);
    expect(m.promptText(1)).toContain('name must not be empty');
  });

  it('refuses an empty or over-long description without calling the model', async () => {
    const m = answering(draft);
    await expect(buildPersona({ model: m.model }, { description: '  ', locale: 'en' })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      buildPersona({ model: m.model }, { description: 'x'.repeat(2001), locale: 'en' }),
    ).rejects.toThrow('at most 2000');
    expect(m.calls).toHaveLength(0);
  });

  it('reports invalid fixed fields as a ValidationError', async () => {
    const m = answering(draft);
    await expect(
      buildPersona(
        { model: m.model },
        { description: 'a hamster', locale: 'en', fixed: { traits: ['x'.repeat(100)] } },
      ),
    ).rejects.toThrow('traits.0 must be at most 60 characters');
  });
});
