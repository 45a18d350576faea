import { type Locale, type Logger, mapWithConcurrency } from '../../core/index.ts';
import type { ChatDeps } from '../../dialogue/index.ts';
import { errorLine } from '../common/error-line.ts';
import { hashOf, type JsonStore } from '../common/json-store.ts';
import type { Judge } from '../common/judge.ts';
import { respondAs } from '../common/respond.ts';
import type { PersonaSample, QuerySample } from '../common/samples.ts';
import { addUsage, type CallUsage, NO_USAGE } from '../common/usage.ts';
import { personaJudgeSchema, type StatementLabel } from '../prompts/persona-judge.schema.ts';
import { personaStatementsSchema } from '../prompts/persona-split.schema.ts';
import { EVAL_PROMPT_VERSION } from '../prompts/templates.ts';
import { type ApcResult, apcScore, labelProbabilities } from './apc.ts';
import { apcJudgePrompt, splitPrompt } from './prompts.ts';

export interface PersonaEvalDeps {
  /** The real dialogue pipeline over an isolated store, with the companion model. */
  chat: ChatDeps;
  companionId: string;
  /** Splits personas into statements and labels relevance and NLI. */
  judge: Judge;
  cache: JsonStore;
  logger: Logger;
}

export interface PersonaEvalInput {
  personas: readonly PersonaSample[];
  queries: readonly QuerySample[];
  concurrency: number;
  onItemDone?: (record: PersonaItemRecord) => void;
}

export interface PersonaStatementsRecord {
  persona: string;
  locale: Locale;
  statements: string[];
  usage: CallUsage;
  cached: boolean;
  error: string | null;
}

export interface PersonaItemRecord {
  persona: string;
  locale: Locale;
  query: string;
  response: string | null;
  status: 'ok' | 'failed';
  error: string | null;
  apc: ApcResult | null;
  /** One per statement, in order. */
  judgements: Array<StatementLabel & { statement: string }>;
  usage: { judge: CallUsage };
  cached: { response: boolean; judgement: boolean };
}

export interface PersonaEvalResult {
  statements: PersonaStatementsRecord[];
  items: PersonaItemRecord[];
}

/**
 * APC faithfulness: each persona is split into atomic statements once (a cached judge call), each query is
 * answered by the companion through the dialogue pipeline (cached per persona, query and model), and the
 * judge labels every statement's relevance to the query and its NLI relation to the response.
 */
export async function runPersonaEval(
  deps: PersonaEvalDeps,
  input: PersonaEvalInput,
): Promise<PersonaEvalResult> {
  const statements = await mapWithConcurrency(input.personas, input.concurrency, (persona) =>
    split(deps, persona),
  );
  const byPersona = new Map(input.personas.map((p, i) => [p.id, { persona: p, statements: statements[i] }]));
  const items = input.queries.filter((q) => byPersona.has(q.persona));
  const records = await mapWithConcurrency(items, input.concurrency, async (item) => {
    const entry = byPersona.get(item.persona);
    const record = await evaluateItem(
      deps,
      entry?.persona as PersonaSample,
      entry?.statements as PersonaStatementsRecord,
      item.query,
    );
    input.onItemDone?.(record);
    return record;
  });
  return { statements, items: records };
}

async function split(deps: PersonaEvalDeps, persona: PersonaSample): Promise<PersonaStatementsRecord> {
  const prompt = splitPrompt(persona.profile, persona.locale);
  try {
    const answer = await deps.judge.ask({
      schema: personaStatementsSchema,
      schemaName: 'persona_statements',
      system: prompt.system,
      prompt: prompt.prompt,
    });
    return {
      persona: persona.id,
      locale: persona.locale,
      statements: answer.object.statements,
      usage: answer.usage,
      cached: answer.cached,
      error: null,
    };
  } catch (error) {
    deps.logger.warn('eval: could not split a persona into statements', { persona: persona.id, error });
    return {
      persona: persona.id,
      locale: persona.locale,
      statements: [],
      usage: { ...NO_USAGE },
      cached: false,
      error: errorLine(error),
    };
  }
}

async function evaluateItem(
  deps: PersonaEvalDeps,
  persona: PersonaSample,
  split: PersonaStatementsRecord,
  query: string,
): Promise<PersonaItemRecord> {
  const record: PersonaItemRecord = {
    persona: persona.id,
    locale: persona.locale,
    query,
    response: null,
    status: 'ok',
    error: null,
    apc: null,
    judgements: [],
    usage: { judge: { ...NO_USAGE } },
    cached: { response: false, judgement: false },
  };
  try {
    if (split.error !== null) throw new Error(`the persona was not split into statements: ${split.error}`);
    const { response, cached } = await responseTo(deps, persona, query);
    record.response = response;
    record.cached.response = cached;
    const prompt = apcJudgePrompt({
      name: persona.profile.name,
      locale: persona.locale,
      statements: split.statements,
      query,
      response,
    });
    const answer = await deps.judge.ask({
      schema: personaJudgeSchema(split.statements.length),
      schemaName: 'persona_apc',
      system: prompt.system,
      prompt: prompt.prompt,
    });
    record.usage.judge = addUsage(record.usage.judge, answer.usage);
    record.cached.judgement = answer.cached;
    record.judgements = answer.object.judgements.map((j, i) => ({
      statement: split.statements[i] ?? '',
      ...j,
    }));
    record.apc = apcScore(answer.object.judgements.map(labelProbabilities));
  } catch (error) {
    record.status = 'failed';
    record.error = errorLine(error);
    deps.logger.warn('eval: a persona item failed; rerun to retry it', { persona: persona.id, error });
  }
  return record;
}

/** The companion's reply, cached per (companion model, persona, query). */
async function responseTo(
  deps: PersonaEvalDeps,
  persona: PersonaSample,
  query: string,
): Promise<{ response: string; cached: boolean }> {
  const hash = hashOf(
    'persona-response',
    EVAL_PROMPT_VERSION,
    deps.companionId,
    persona.locale,
    persona.profile,
    query,
  );
  const key = `${persona.id}.${hash.slice(0, 16)}`;
  const hit = (await deps.cache.read('responses', key)) as { response?: unknown } | undefined;
  if (typeof hit?.response === 'string') return { response: hit.response, cached: true };
  const response = await respondAs(deps.chat, {
    key: `${persona.id.replaceAll('-', '_')}_${hash.slice(0, 12)}`,
    locale: persona.locale,
    persona: persona.profile,
    query,
  });
  await deps.cache.write('responses', key, { persona: persona.id, query, response });
  return { response, cached: false };
}
