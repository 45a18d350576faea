import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { chatDeps } from '../../app/index.ts';
import { ValidationError } from '../../core/index.ts';
import { type ChatResult, ChatTurnError, chat, chatOnce, type SafetyPart } from '../../dialogue/index.ts';
import { getPet } from '../../profiles/index.ts';
import { type CliContext, contextFor } from '../context.ts';
import { withRuntime } from '../runtime.ts';

/** The `--json` shape of one turn (see INTERFACE.md). */
export function chatJson(r: ChatResult) {
  return {
    reply: r.reply,
    emotion: r.emotion,
    sessionId: r.sessionId,
    isNewSession: r.isNewSession,
    greeting: r.greeting,
    userMessageId: r.userMessageId,
    replyMessageId: r.replyMessageId,
    replayed: r.replayed,
    safety: { crisis: r.safety.crisis, level: r.safety.level, notice: r.safety.notice },
    notices: r.notices,
    context: {
      memories: r.context?.memories ?? [],
      schedule: r.context?.schedule ?? [],
      details: r.context?.details ?? [],
      lore: r.context?.lore ?? [],
      tokens: r.context?.tokens ?? null,
      dropped: r.context?.dropped ?? [],
    },
  };
}

export function registerChat(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('chat')
    .description('talk with a pet: interactive, or one message with --message')
    .requiredOption('--pet <id>', 'the pet')
    .requiredOption('--user <id>', 'the user talking (must own the pet)')
    .option('--message <text>', 'send one message, print the reply and exit')
    .option('--idempotency-key <key>', 'retrying with the same key never duplicates the turn')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (opts.message === undefined) {
        if (ctx.out.json) throw new ValidationError('--json needs --message (one turn, one JSON document)');
        await interactive(ctx, opts.user, opts.pet);
        return;
      }
      const result = await withRuntime(ctx, (rt) =>
        chatOnce(chatDeps(rt, { extractOnClose: false }), {
          userId: opts.user,
          petId: opts.pet,
          text: opts.message,
          ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
        }),
      ).catch((error: unknown) => {
        // The turn failed or was refused: the crisis notice still has to reach the person (stderr).
        if (error instanceof ChatTurnError && error.safety?.notice) ctx.out.note(safetyBox(error.safety));
        throw error;
      });
      ctx.out.result(chatJson(result), (r) =>
        [
          r.greeting ? `(greeting) ${r.greeting}\n` : '',
          r.safety.notice ? `${safetyBox(r.safety)}\n` : '',
          ...r.notices.map((n) => `(notice) ${n.text}\n`),
          `${r.reply}  [${r.emotion}]`,
        ].join(''),
      );
    });
}

async function interactive(ctx: CliContext, userId: string, petId: string): Promise<void> {
  await withRuntime(ctx, async (rt) => {
    const extractions: Promise<unknown>[] = [];
    const deps = chatDeps(rt, { onExtraction: (p) => extractions.push(p) });
    const pet = await getPet({ pets: rt.store.pets }, petId, { ownerId: userId });
    const name = pet.profile.name;
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    process.stdout.write(`Chatting with ${name}. An empty line or Ctrl-D ends the chat.\n`);
    try {
      for (;;) {
        let line: string;
        try {
          line = await rl.question('you> ');
        } catch {
          break;
        }
        if (!line.trim()) break;
        let started = false;
        for await (const part of chat(deps, { userId, petId, text: line })) {
          if (part.type === 'greeting') process.stdout.write(`${name}> ${part.text}\n`);
          else if (part.type === 'safety' && part.notice) process.stdout.write(`${safetyBox(part)}\n`);
          else if (part.type === 'notice') process.stdout.write(`(notice) ${part.text}\n`);
          else if (part.type === 'text-delta') {
            if (!started) process.stdout.write(`${name}> `);
            started = true;
            process.stdout.write(part.text);
          } else if (part.type === 'finish') process.stdout.write(`  [${part.emotion}]\n`);
          else if (part.type === 'error') {
            process.stdout.write(started ? '\n' : '');
            ctx.out.note(
              `(${part.error.message}${part.error.retryable ? ' - send the message again to retry' : ''})`,
            );
          }
        }
      }
    } finally {
      rl.close();
      await Promise.allSettled(extractions);
    }
  });
}

/** The crisis notice framed so it cannot be mistaken for the pet's words. */
export function safetyBox(safety: Pick<SafetyPart, 'notice'>): string {
  const rule = '='.repeat(60);
  return `${rule}\n${safety.notice ?? ''}\n${rule}`;
}
