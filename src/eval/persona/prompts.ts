import type { Locale, PetProfile } from '../../core/index.ts';
import { quoteData, renderPrompt } from '../../core/index.ts';
import { petLines } from '../common/profile-text.ts';
import { evalPrompt, tidy } from '../prompts/templates.ts';

export interface PromptPair {
  system: string;
  prompt: string;
  promptVersion: string;
}

/** `persona-split.v1`: the persona profile, quoted, to be split into atomic statements. */
export function splitPrompt(persona: PetProfile, locale: Locale): PromptPair {
  const system = evalPrompt('persona-split', locale);
  const sample = evalPrompt('persona-split-sample', locale);
  return {
    system: tidy(renderPrompt(system, { name: persona.name })),
    prompt: tidy(
      renderPrompt(sample, {
        persona: quoteData('persona', [...petLines(persona, locale), ...exampleLines(persona)]),
        name: persona.name,
      }),
    ),
    promptVersion: `${system.id}+${sample.id}`,
  };
}

function exampleLines(persona: PetProfile): string[] {
  return [persona.greeting, ...persona.exampleLines].filter((l) => l.trim() !== '');
}

/** `persona-judge.v1`: numbered statements, the query and the response, for relevance and NLI labels. */
export function apcJudgePrompt(input: {
  name: string;
  locale: Locale;
  statements: readonly string[];
  query: string;
  response: string;
}): PromptPair {
  const system = evalPrompt('persona-judge', input.locale);
  const sample = evalPrompt('persona-judge-sample', input.locale);
  const count = input.statements.length;
  return {
    system: tidy(renderPrompt(system, { name: input.name, count })),
    prompt: tidy(
      renderPrompt(sample, {
        statements: quoteData(
          'statements',
          input.statements.map((s, i) => `${i + 1}. ${s}`),
        ),
        query: quoteData('query', [input.query]),
        response: quoteData('response', [input.response]),
        count,
      }),
    ),
    promptVersion: `${system.id}+${sample.id}`,
  };
}
