import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { type ModelCall, scriptedModel } from '../../test/index.ts';

/**
 * The world stages' answers for the test kit's scripted model: each stage (the response format's name without
 * `world_`) is answered by its handler, and `callsOf(stage)` returns what that stage was sent.
 */

export type Stage = 'outline' | 'schedule' | 'detail' | 'direct' | 'friend_batch';
/** Returns the object to answer with (sent as JSON), or a string sent as is. */
export type StageHandler = (call: ModelCall) => unknown;

const stageOf = (name: string) => name.replace(/^world_/, '') as Stage;

export function stageModel(handlers: Partial<Record<Stage, StageHandler>>) {
  const model = scriptedModel({
    modelId: 'scripted-world',
    generate: (call) => {
      const handler = handlers[stageOf(call.name)];
      if (!handler) throw new Error(`no handler for stage ${stageOf(call.name)}`);
      return handler(call);
    },
  });
  const callsOf = (stage: Stage): LanguageModelV3CallOptions[] =>
    model.calls.filter((c) => stageOf(c.name) === stage).map((c) => c.options);
  return { model, callsOf };
}

export const OUTLINE = {
  mood: 'bright and a little restless',
  themes: ['first warm day of spring', 'the kite project'],
  meets: ['Pip'],
  threads: ['Mochi wants to fly the new kite but the wind keeps changing its mind.'],
  summary: 'Mochi wakes early to sunshine, works on the kite and meets Pip by the pond.',
};

export const SCHEDULE = {
  items: [
    { time: '07:30', title: 'Morning stretch' },
    { time: '08:15', title: 'Breakfast by window' },
    { time: '09:30', title: 'Kite building' },
    { time: '11:00', title: 'Walk in park' },
    { time: '12:30', title: 'Lunch with Pip' },
    { time: '14:00', title: 'Afternoon nap' },
    { time: '16:00', title: 'Kite test flight' },
    { time: '21:30', title: 'Bedtime story' },
  ],
};

export const DETAIL =
  'Sunlight pools on the rug while Mochi stretches, front paws first, then each back leg in turn. A sparrow ' +
  'lands on the sill and watches. Mochi yawns so wide her whiskers tremble. "Today the kite flies," she ' +
  'thinks, "even if I have to run the whole hill myself."';

/** The friend names a JSON schema allows in `meets` (found anywhere in it), in order. */
export function allowedFriends(schema: unknown): string[] {
  const match = /"meets":\{[^}]*?"enum":(\[[^\]]*\])/.exec(JSON.stringify(schema ?? {}));
  return match ? (JSON.parse(match[1]!) as string[]) : [];
}

/** Pip when the pet has Pip as a friend, else its first friend, else nobody. */
const meetsFor = (schema: unknown) => {
  const names = allowedFriends(schema);
  return names.includes('Pip') ? ['Pip'] : names.slice(0, 1);
};

export const standardHandlers: Record<Stage, StageHandler> = {
  outline: ({ schema }) => ({ ...OUTLINE, meets: meetsFor(schema) }),
  schedule: () => SCHEDULE,
  detail: () => ({ detail: DETAIL }),
  direct: ({ schema }) => ({
    outline: { ...OUTLINE, meets: meetsFor(schema) },
    schedule: SCHEDULE.items.map((i) => ({ ...i, detail: DETAIL })),
  }),
  friend_batch: () => ({ friends: [] }),
};
