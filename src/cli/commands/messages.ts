import type { Command } from 'commander';
import { getPet, getUser } from '../../profiles/index.ts';
import { contextFor, intOption } from '../context.ts';
import { withRuntime } from '../runtime.ts';

/** `ipet messages list`: the messages a pet starts, as the night planned them and what became of them. */
export function registerMessages(program: Command, env: NodeJS.ProcessEnv): void {
  const messages = program.command('messages').description('messages the pet starts on its own (opt-in)');
  messages
    .command('list')
    .description(
      "the pet's messages to the user: planned, delivered (with when) and skipped (with why), newest due first",
    )
    .requiredOption('--user <id>')
    .requiredOption('--pet <id>')
    .option('--limit <n>', 'at most this many', intOption('--limit', 1, 1000), 100)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const rows = await withRuntime(ctx, async (rt) => {
        const user = await getUser({ users: rt.store.users }, opts.user);
        const pet = await getPet({ pets: rt.store.pets }, opts.pet, { ownerId: user.id });
        return rt.store.proactive.list({ userId: user.id, petId: pet.id, limit: opts.limit });
      });
      const list = rows.map((m) => ({
        id: m.id,
        text: m.text,
        dueAt: m.dueAt.toISOString(),
        deliveredAt: m.deliveredAt?.toISOString() ?? null,
        status: m.status,
        skipReason: m.skipReason,
        date: m.date,
        groundedIn: m.groundedIn,
        readAt: m.readAt?.toISOString() ?? null,
        messageId: m.messageId,
      }));
      ctx.out.result({ messages: list }, (r) =>
        r.messages.length
          ? r.messages
              .map(
                (m) =>
                  `${m.dueAt}  ${m.status}${m.skipReason ? ` (${m.skipReason})` : ''}${m.deliveredAt ? ` at ${m.deliveredAt}` : ''}\n  ${m.text}\n  about: ${m.groundedIn}`,
              )
              .join('\n')
          : 'no messages planned for this pet (the user may not have opted in: ipet user update --proactive yes)',
      );
    });
}
