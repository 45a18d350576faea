import { callSpec, type StructuredCallSpec } from '../core/index.ts';
import { checkPlan, planSchema } from './prompts/plan.schema.ts';

/** The module's structured call (the planner), for the schema audit; same schema in both languages. */
export function proactiveCallSpecs(): StructuredCallSpec[] {
  return [
    callSpec({
      name: 'proactive.plan',
      schema: planSchema(['08:30', '10:00', '16:00', 'm1', 'm2']),
      check: checkPlan,
      uncarried: [
        {
          rule: 'messages are in time order, at most one at a time',
          why: 'JSON Schema cannot order the items of an array or require a property to differ across them',
          finding: /sorted by time|time already used/,
        },
      ],
    }),
  ];
}
