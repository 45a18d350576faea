import type { LanguageModel } from 'ai';
import type { Locale, SemanticCheck } from '../core/index.ts';
import { generateStructured, loadPrompt, quoteData, renderPrompt } from '../core/index.ts';
import {
  CLASSIFY_CRISIS_PROMPT_VERSION,
  type CrisisClassification,
  crisisClassificationSchema,
} from './prompts/classify-crisis.v1.schema.ts';

export type { CrisisClassification };

const PROMPTS = new URL('./prompts/', import.meta.url);

/** What the classifier sees at most (unbounded consumption, OWASP LLM10): a long message keeps its two ends. */
export const CLASSIFIER_LIMITS = { recentTurns: 6, recentTurnChars: 600, messageChars: 2000 } as const;

export interface ClassifyCrisisDeps {
  model: LanguageModel;
}

export interface ClassifyCrisisRequest {
  text: string;
  locale: Locale;
  /** The user's previous messages in this session, oldest first; only the last few are sent. */
  recentUserTurns?: readonly string[];
  userId: string;
  petId?: string;
  abortSignal?: AbortSignal;
}

export interface ClassifyCrisisPrompt {
  system: string;
  prompt: string;
  /** `classify-crisis@v1/en`, for logs. */
  promptId: string;
}

/** The versioned classifier prompt with the user's words quoted as data. Pure. */
export function buildClassifyCrisisPrompt(request: ClassifyCrisisRequest): ClassifyCrisisPrompt {
  const { locale } = request;
  const system = loadPrompt(PROMPTS, 'classify-crisis-system', CLASSIFY_CRISIS_PROMPT_VERSION, locale);
  const template = loadPrompt(PROMPTS, 'classify-crisis', CLASSIFY_CRISIS_PROMPT_VERSION, locale);
  const recent = (request.recentUserTurns ?? [])
    .slice(-CLASSIFIER_LIMITS.recentTurns)
    .map((turn) => clip(turn, CLASSIFIER_LIMITS.recentTurnChars));
  return {
    system: system.text,
    prompt: renderPrompt(template, {
      recent: quoteData('earlier_messages', recent),
      message: quoteData('latest_message', [clip(request.text, CLASSIFIER_LIMITS.messageChars)]),
    }),
    promptId: template.id,
  };
}

/**
 * Model-based crisis classification with structured output. Throws what the model call throws
 * (ModelCallError, ModelOutputError, an abort): `assessTurn` is the caller that must never fail a turn.
 */
export async function classifyCrisis(
  deps: ClassifyCrisisDeps,
  request: ClassifyCrisisRequest,
): Promise<CrisisClassification> {
  request.abortSignal?.throwIfAborted();
  const built = buildClassifyCrisisPrompt(request);
  const { object } = await generateStructured({
    model: deps.model,
    schema: crisisClassificationSchema,
    schemaName: 'crisis_classification',
    tags: { purpose: 'safety', userId: request.userId, ...(request.petId ? { petId: request.petId } : {}) },
    system: built.system,
    prompt: built.prompt,
    maxAttempts: 2,
    maxOutputTokens: 120,
    temperature: 0,
    ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    check: checkCrisisClassification,
  });
  return object;
}

/**
 * `none` has no category (repaired: JSON Schema could say it only with a union at the root, which OpenAI's
 * structured outputs refuse); a risk level without one keeps `none` and lets the caller pick.
 */
export const checkCrisisClassification: SemanticCheck<CrisisClassification> = (value) =>
  value.level === 'none' && value.category !== 'none'
    ? { ok: true, value: { ...value, category: 'none' }, repairs: ['category set to none for level none'] }
    : { ok: true, value };

/** Keeps both ends of an over-long text: a crisis can be said first or last. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 3) / 2);
  return `${text.slice(0, half)} … ${text.slice(-half)}`;
}
