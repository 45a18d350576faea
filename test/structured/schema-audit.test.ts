import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cardsCallSpecs } from '../../src/cards/index.ts';
import type { StructuredCallSpec } from '../../src/core/index.ts';
import { datasetCallSpecs } from '../../src/dataset/index.ts';
import { evalCallSpecs } from '../../src/eval/index.ts';
import { memoryCallSpecs } from '../../src/memory/index.ts';
import { proactiveCallSpecs } from '../../src/proactive/index.ts';
import { safetyCallSpecs } from '../../src/safety/index.ts';
import { createRng, generateInstance, type JsonSchema } from '../../src/sim/index.ts';
import { DEFAULT_WORLD_OPTIONS, worldCallSpecs } from '../../src/world/index.ts';
import { schemaViolations, unboundedParts } from './json-schema-check.ts';

/**
 * Every hard constraint of a structured call is in the JSON schema sent to the model (issue 15). For each
 * call, arbitrary schema-valid answers - what `ipet sim --schema-only` or a guided-decoding server with a weak
 * model gives: random words, lengths and counts anywhere within the bounds, often at them - must parse, and
 * the call's semantic check must find nothing in them except under a rule the call declares the schema
 * cannot carry (`uncarried`, each with the reason). A check that repairs or refuses what the schema could
 * have said fails here.
 */
const SPECS: StructuredCallSpec[] = [
  ...worldCallSpecs(),
  ...memoryCallSpecs(),
  ...safetyCallSpecs(),
  ...cardsCallSpecs(),
  ...evalCallSpecs(),
  ...datasetCallSpecs(),
  ...proactiveCallSpecs(),
];
const SEEDS = 150;

/** The JSON schema the AI SDK sends for a zod schema (draft-7, input side, no $refs). */
const wire = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-7', io: 'input', reused: 'inline' }) as JsonSchema;

/** What is wrong with `spec` over `seeds` schema-valid answers (the first 40 findings at most). */
function audit(spec: StructuredCallSpec, seeds = SEEDS): string[] {
  const schema = wire(spec.schema);
  const allowed = (finding: string) => (spec.uncarried ?? []).some((rule) => rule.finding.test(finding));
  const found = new Set<string>();
  for (let seed = 1; seed <= seeds && found.size < 40; seed++) {
    const { value, unsupportedPatterns } = generateInstance(schema, {
      rng: createRng(seed),
      schemaOnly: true,
    });
    const at = `seed ${seed}`;
    for (const pattern of unsupportedPatterns) found.add(`${at}: the generator cannot match ${pattern}`);
    for (const violation of schemaViolations(schema, value)) found.add(`${at}: generator broke ${violation}`);
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) {
      found.add(`${at}: the parse refused a schema-valid answer: ${parsed.error.issues[0]?.message}`);
      continue;
    }
    const checked = spec.check?.(parsed.data as never);
    if (!checked) continue;
    const findings = [...(checked.repairs ?? []), ...(checked.ok ? [] : checked.problems)];
    for (const finding of findings) if (!allowed(finding)) found.add(`${at}: the check found "${finding}"`);
  }
  return [...found];
}

describe('every structured call carries its hard constraints in the JSON schema', () => {
  it('lists every structured call of world, memory, safety, cards and eval', () => {
    const names = SPECS.map((s) => s.name);
    for (const stage of ['friends', 'outline', 'schedule', 'detail', 'direct']) {
      expect(names).toContain(`world.${stage} (en)`);
      expect(names).toContain(`world.${stage} (zh)`);
    }
    expect(names).toEqual(
      expect.arrayContaining([
        'memory.extract',
        'memory.reflect',
        'safety.classify-crisis',
        'cards.persona',
        'eval.world-judge (realism)',
        'eval.persona-judge',
        'eval.persona-split',
        'dataset.dialogue',
        'dataset.judge',
      ]),
    );
  });

  it.each(
    SPECS.map((spec) => [spec.name, spec] as const),
  )('%s: schema-valid answers pass the check, but for rules the schema cannot carry', (_name, spec) => {
    expect(audit(spec)).toEqual([]);
  });

  it.each(
    SPECS.map((spec) => [spec.name, spec] as const),
  )('%s: every string and every list has an upper bound', (_name, spec) => {
    expect(unboundedParts(wire(spec.schema))).toEqual([]);
  });

  it('every rule a call says the schema cannot carry comes with the reason', () => {
    for (const spec of SPECS) {
      for (const rule of spec.uncarried ?? [])
        expect(rule.why.length, `${spec.name}: ${rule.rule}`).toBeGreaterThan(20);
    }
  });
});

describe('the audit itself', () => {
  const schedule = SPECS.find((s) => s.name === 'world.schedule (en)')!;
  const { min, max } = DEFAULT_WORLD_OPTIONS.items;

  it('fails a schedule schema that leaves the time window, the title length or the count to the check', () => {
    const item = (time: z.ZodString, title: z.ZodString) =>
      z.object({ items: z.array(z.object({ time, title })) });
    const anyTime = item(z.string(), z.string().regex(/^[a-z]{3,8} [a-z]{3,8}$/));
    expect(audit({ ...schedule, schema: anyTime.extend({}) }).join('\n')).toMatch(
      /is not HH:MM|outside waking/,
    );

    const hhmm = z.string().regex(/^(?:0[89]|1[0-9]):[0-5][0-9]$/);
    const anyTitle = item(hhmm, z.string().min(1).max(60));
    expect(audit({ ...schedule, schema: anyTitle }).join('\n')).toMatch(/needs 2-5, dropped/);

    const anyCount = z.object({
      items: z
        .array(z.object({ time: hhmm, title: z.string().regex(/^[a-z]{3,8} [a-z]{3,8}$/) }))
        .max(max + 4),
    });
    expect(audit({ ...schedule, schema: anyCount }).join('\n')).toMatch(/the schedule has \d+ events, needs/);
  });

  it('fails a schema whose bounds the parse enforces more strictly than the schema says', () => {
    const strict = z.object({ note: z.string().max(10).meta({ maxLength: 40 }) });
    expect(audit({ name: 'strict', schema: strict }, 40).join('\n')).toMatch(/the parse refused/);
  });

  it('finds unbounded strings and lists', () => {
    expect(unboundedParts(wire(z.object({ a: z.array(z.string()) })))).toEqual([
      '$.a: no maxItems',
      '$.a[]: no maxLength',
    ]);
  });

  it('keeps the schedule count within the configured bounds', () => {
    const items = (wire(schedule.schema) as { properties: { items: { minItems: number; maxItems: number } } })
      .properties.items;
    expect([items.minItems, items.maxItems]).toEqual([min, max]);
  });
});
