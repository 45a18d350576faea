import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { extractionDeps, retrievalDeps } from '../../app/index.ts';
import { MEMORY_CATEGORIES, MEMORY_SUBJECTS, type Memory, ValidationError } from '../../core/index.ts';
import {
  closeAndExtract,
  deleteAllMemories,
  deleteMemory,
  exportMemories,
  importMemories,
  listMemories,
  reindex,
  searchMemories,
  sweepMemories,
} from '../../memory/index.ts';
import { contextFor, intOption } from '../context.ts';
import { choiceOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';

async function readableFile(path: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new ValidationError(`cannot read ${path}`, [], { hint: 'check the path' });
  }
}

function lines(path: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
}

const queryLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  query: z.string().min(1),
});

function memoryJson(m: Memory) {
  return {
    id: m.id,
    text: m.text,
    category: m.category,
    subject: m.subject,
    kind: m.kind,
    dueOn: m.dueOn,
    createdAt: m.createdAt.toISOString(),
    occurredAt: m.occurredAt.toISOString(),
    expiresAt: m.expiresAt?.toISOString() ?? null,
    externalId: m.externalId,
    petId: m.petId,
  };
}

export function registerMemories(program: Command, env: NodeJS.ProcessEnv): void {
  const mem = program.command('memories').description('what pets remember about their users (memory module)');

  mem
    .command('extract')
    .description('close open sessions of a pair and extract their memories now')
    .requiredOption('--user <id>')
    .requiredOption('--pet <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const r = await withRuntime(ctx, (rt) =>
        closeAndExtract(extractionDeps(rt), {
          userId: opts.user,
          petId: opts.pet,
          idleMinutes: rt.config.sessionIdleMinutes,
          now: rt.clock.now(),
          force: true,
        }),
      );
      // The failures' kinds, not their errors (a cause may hold what a driver or model said).
      const failures = r.failures.map((f) => ({
        sessionId: f.sessionId,
        reason: f.failure.reason,
        retryable: f.failure.retryable,
      }));
      ctx.out.result(
        { ...r, failures },
        (x) =>
          `extracted ${x.sessions} session(s): ${x.added} added, ${x.updated} updated, ${x.superseded} superseded, ${x.rejected} rejected` +
          (x.failed ? `; ${x.failed} failed (retried by the next run)` : ''),
      );
      if (r.failed > 0) process.exitCode = 1;
    });

  mem
    .command('list')
    .description("list active memories of a user (optionally one pet): about the user, and the pet's own")
    .requiredOption('--user <id>')
    .option('--pet <id>')
    .option('--category <c>', MEMORY_CATEGORIES.join(', '), choiceOption('--category', MEMORY_CATEGORIES))
    .option(
      '--subject <s>',
      'user (what the pet remembers about the user) or pet (what the pet did and said)',
      choiceOption('--subject', MEMORY_SUBJECTS),
    )
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const list = await withRuntime(ctx, (rt) =>
        listMemories(
          { memories: rt.store.memories },
          {
            userId: opts.user,
            now: rt.clock.now(),
            ...(opts.pet ? { petId: opts.pet } : {}),
            ...(opts.category ? { categories: [opts.category] } : {}),
            ...(opts.subject ? { subject: opts.subject } : {}),
          },
        ),
      );
      ctx.out.result({ memories: list.map(memoryJson) }, (r) =>
        r.memories.length
          ? r.memories
              .map(
                (m) =>
                  `${m.id}  [${m.subject === 'pet' ? 'pet, ' : ''}${m.category}${m.kind ? `, ${m.kind}` : ''}${m.dueOn ? ` due ${m.dueOn}` : ''}] ${m.text}\n    ${m.occurredAt.slice(0, 10)}${m.expiresAt ? `, expires ${m.expiresAt.slice(0, 10)}` : ''}`,
              )
              .join('\n')
          : 'no memories',
      );
    });

  mem
    .command('export')
    .description('export every memory of a user, history included, as JSON')
    .requiredOption('--user <id>')
    .option('--pet <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const records = await withRuntime(ctx, (rt) =>
        exportMemories(
          { memories: rt.store.memories },
          { userId: opts.user, now: rt.clock.now(), ...(opts.pet ? { petId: opts.pet } : {}) },
        ),
      );
      // Export is machine-readable in both modes.
      process.stdout.write(`${JSON.stringify({ userId: opts.user, memories: records }, null, 2)}\n`);
    });

  mem
    .command('delete')
    .description('delete one memory (--id) or all of a user (--all, optionally one --pet)')
    .requiredOption('--user <id>')
    .option('--pet <id>')
    .option('--id <memoryId>')
    .option('--all')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (Boolean(opts.id) === Boolean(opts.all))
        throw new ValidationError('give exactly one of --id or --all');
      const deleted = await withRuntime(ctx, async (rt) => {
        if (opts.id) {
          await deleteMemory({ memories: rt.store.memories }, { userId: opts.user, id: opts.id });
          return 1;
        }
        const r = await deleteAllMemories(
          { memories: rt.store.memories },
          { userId: opts.user, ...(opts.pet ? { petId: opts.pet } : {}) },
        );
        return r.deleted;
      });
      ctx.out.result({ deleted }, (r) => `deleted ${r.deleted} memor${r.deleted === 1 ? 'y' : 'ies'}`);
    });

  mem
    .command('import')
    .description('import memories from JSONL lines {"text","category","createdAt","externalId"}')
    .requiredOption('--user <id>')
    .requiredOption('--pet <id>')
    .requiredOption('--file <path>')
    .option('--strict', 'reject the whole file when a line is flagged (default: skip flagged lines)')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      await readableFile(opts.file);
      const r = await withRuntime(ctx, (rt) =>
        importMemories(
          { memories: rt.store.memories, embedder: rt.models.embedder, clock: rt.clock, ids: rt.ids },
          { userId: opts.user, petId: opts.pet, lines: lines(opts.file), strict: opts.strict === true },
        ),
      );
      ctx.out.result(r, (x) =>
        [
          `imported ${x.imported} memories (${x.duplicates} already present, ${x.expired} already expired)`,
          ...(x.flagged.length > 0
            ? [
                `skipped ${x.flagged.length} flagged line(s) (use --strict to reject the file instead):`,
                ...x.flagged.map((f) => `  line ${f.line}: ${f.reason}`),
              ]
            : []),
        ].join('\n'),
      );
    });

  mem
    .command('search')
    .description('hybrid search (dense + lexical + recency) over a pair’s memories')
    .requiredOption('--user <id>')
    .requiredOption('--pet <id>')
    .option('--query <text>')
    .option('--queries-file <path>', 'JSONL lines {"id","query"}')
    .option('--k <n>', 'results per query', intOption('--k', 1, 100), 10)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (Boolean(opts.query) === Boolean(opts.queriesFile)) {
        throw new ValidationError('give exactly one of --query or --queries-file');
      }
      if (opts.queriesFile) await readableFile(opts.queriesFile);
      await withRuntime(ctx, async (rt) => {
        const deps = { ...retrievalDeps(rt), clock: rt.clock };
        const search = (query: string) =>
          searchMemories(deps, { userId: opts.user, petId: opts.pet, query, k: opts.k });
        if (opts.query) {
          const results = await search(opts.query);
          ctx.out.result({ results }, (r) =>
            r.results.length
              ? r.results.map((x) => `${x.score.toFixed(3)}  ${x.text}  (${x.id})`).join('\n')
              : 'no matching memories',
          );
          return;
        }
        const queries: Array<{ id: string; results: Awaited<ReturnType<typeof search>> }> = [];
        let n = 0;
        for await (const raw of lines(opts.queriesFile)) {
          n++;
          if (!raw.trim()) continue;
          let parsed: z.infer<typeof queryLine>;
          try {
            parsed = queryLine.parse(JSON.parse(raw));
          } catch {
            throw new ValidationError(`${opts.queriesFile} line ${n}: expected {"id": ..., "query": "..."}`);
          }
          queries.push({ id: parsed.id, results: await search(parsed.query) });
        }
        ctx.out.result({ queries }, (r) =>
          r.queries.map((q) => `${q.id}: ${q.results.length} results`).join('\n'),
        );
      });
    });

  mem
    .command('sweep')
    .description('remove expired memories now (the nightly batch does this too)')
    .action(async (_opts, command: Command) => {
      const ctx = contextFor(command, env);
      const r = await withRuntime(ctx, (rt) =>
        sweepMemories({ memories: rt.store.memories }, { now: rt.clock.now() }),
      );
      ctx.out.result(r, (x) => `removed ${x.removed} expired memories`);
    });

  program
    .command('reindex')
    .description(
      're-embed every memory whose vector is missing or from another embedding model (downloads the default embedding model first when ipet chose it and it is missing)',
    )
    .option('--batch-size <n>', 'texts per embedding request', intOption('--batch-size', 1, 2048), 64)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const r = await withRuntime(
        ctx,
        async (rt) => {
          let bar: ReturnType<typeof ctx.out.progress> | undefined;
          let last = 0;
          const result = await reindex(
            { memories: rt.store.memories, embedder: rt.models.embedder, logger: rt.logger },
            {
              batchSize: opts.batchSize,
              onProgress: (done, total) => {
                bar ??= ctx.out.progress(`re-embedding with ${rt.models.embedder.id}`, total);
                bar.tick(done - last);
                last = done;
              },
            },
          );
          bar?.done();
          return result;
        },
        { downloadEmbeddingModel: true },
      );
      ctx.out.result(
        r,
        (x) => `re-embedded ${x.embedded} of ${x.total} memories with ${x.model} (${x.dimensions} dims)`,
      );
    });
}
