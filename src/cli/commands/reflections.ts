import type { Command } from 'commander';
import type { Reflection } from '../../core/index.ts';
import { getPet } from '../../profiles/index.ts';
import { contextFor, intOption } from '../context.ts';
import { withRuntime } from '../runtime.ts';

/** The `--json` shape of a reflection (INTERFACE.md: id, text, createdAt; extended). */
export function reflectionJson(r: Reflection) {
  return {
    id: r.id,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
    scope: r.scope,
    topic: r.topic,
    version: r.version,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    userId: r.userId,
    petId: r.petId,
  };
}

export function registerReflections(program: Command, env: NodeJS.ProcessEnv): void {
  const reflections = program
    .command('reflections')
    .description(
      "what the pet distils from its recent days each night (storylines, relationships, what's ahead)",
    );

  reflections
    .command('list')
    .description('list the reflections of a pet, newest version first')
    .requiredOption('--pet <id>')
    .option('--user <id>', "only those about this user's life with the pet")
    .option('--limit <n>', 'reflections at most', intOption('--limit', 1, 1000), 200)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const list = await withRuntime(ctx, async (rt) => {
        const pet = await getPet({ pets: rt.store.pets }, opts.pet);
        return rt.store.reflections.list({
          petId: pet.id,
          limit: opts.limit,
          ...(opts.user ? { userId: opts.user } : {}),
        });
      });
      ctx.out.result({ reflections: list.map(reflectionJson) }, (r) =>
        r.reflections.length
          ? r.reflections
              .map(
                (x) =>
                  `${x.id}  [${x.scope} v${x.version}, ${x.topic}] ${x.text}\n    ${x.periodStart} .. ${x.periodEnd}`,
              )
              .join('\n')
          : 'no reflections yet (the nightly job makes them: ipet nightly)',
      );
    });
}
