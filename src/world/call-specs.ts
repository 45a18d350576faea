import { callSpec, LOCALES, type StructuredCallSpec, type UncarriedRule } from '../core/index.ts';
import { DEFAULT_WORLD_OPTIONS } from './options.ts';
import { checkDetail, DETAIL_FINDINGS, detailSchema } from './prompts/detail.schema.ts';
import { checkDirect, directSchema } from './prompts/direct.schema.ts';
import { checkFriendBatch, FRIEND_FINDINGS, friendBatchSchema } from './prompts/friends.schema.ts';
import { checkOutline, outlineSchema } from './prompts/outline.schema.ts';
import { checkSchedule, scheduleSchema } from './prompts/schedule.schema.ts';
import { SCHEDULE_FINDINGS } from './schedule-rules.ts';

const UNITS = 'JSON Schema counts code points; words and CJK characters are counted by the check';

const SCHEDULE_RULES: UncarriedRule[] = [
  {
    rule: 'titles lose surrounding quotes and trailing punctuation',
    why: 'cosmetic: the schema allows any characters in a title of the right length',
    finding: SCHEDULE_FINDINGS.cleaned,
  },
  {
    rule: 'a title has at most 5 words (12 characters)',
    why: `${UNITS}; the schema's maxLength leaves room for long words, the check keeps the first ones`,
    finding: SCHEDULE_FINDINGS.trimmed,
  },
  {
    rule: 'every event is at a different time',
    why: 'JSON Schema cannot require one property to differ across the items of an array',
    finding: SCHEDULE_FINDINGS.sameTime,
  },
  {
    rule: 'events are in chronological order',
    why: 'JSON Schema cannot order the items of an array',
    finding: SCHEDULE_FINDINGS.sorted,
  },
  {
    rule: 'enough events are left once those at a time already used are dropped',
    why: 'follows from distinct times (above); minItems bounds the events as given',
    finding: SCHEDULE_FINDINGS.tooFew,
  },
];

const DETAIL_RULES: UncarriedRule[] = [
  {
    rule: 'a detail has at most 90 words (160 characters)',
    why: `${UNITS}; maxLength bounds it loosely and the check clips at a sentence end`,
    finding: DETAIL_FINDINGS.clipped,
  },
];

const FRIEND_RULES: UncarriedRule[] = [
  {
    rule: 'friend names are new: not in the pool, not twice in the batch',
    why: 'JSON Schema cannot require a property to differ across items, and `not` (taken names) is not supported by guided decoders',
    finding: FRIEND_FINDINGS.taken,
  },
  {
    rule: 'at least one new name is left',
    why: 'follows from new names (above)',
    finding: FRIEND_FINDINGS.allTaken,
  },
];

const FRIENDS = ['Momo', 'Pip', 'Hazel'];

/** Every structured call of the world module, with the default options, in both languages. */
export function worldCallSpecs(): StructuredCallSpec[] {
  return LOCALES.flatMap((locale) => {
    const rules = { ...DEFAULT_WORLD_OPTIONS, locale };
    return [
      callSpec({
        name: `world.friends (${locale})`,
        schema: friendBatchSchema(10, locale),
        check: checkFriendBatch(['Pip', 'Hazel']),
        uncarried: FRIEND_RULES,
      }),
      callSpec({ name: `world.outline (${locale})`, schema: outlineSchema(FRIENDS), check: checkOutline }),
      callSpec({
        name: `world.outline, no friends (${locale})`,
        schema: outlineSchema([]),
        check: checkOutline,
      }),
      callSpec({
        name: `world.schedule (${locale})`,
        schema: scheduleSchema(rules, locale),
        check: checkSchedule(rules),
        uncarried: SCHEDULE_RULES,
      }),
      callSpec({
        name: `world.detail (${locale})`,
        schema: detailSchema(locale),
        check: checkDetail(locale),
        uncarried: DETAIL_RULES,
      }),
      callSpec({
        name: `world.direct (${locale})`,
        schema: directSchema(FRIENDS, rules, locale),
        check: checkDirect(rules),
        uncarried: [...SCHEDULE_RULES, ...DETAIL_RULES],
      }),
    ];
  });
}
