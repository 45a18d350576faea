import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { dayDeps, friendPoolDeps, type Runtime } from '../../app/index.ts';
import { petLorebooks } from '../../cards/index.ts';
import { addDays, ConfigError, LOCALES, type Locale, localDate, ValidationError } from '../../core/index.ts';
import {
  type ApplySummary,
  applyReviewFile,
  DATASET_FILES,
  type DatasetJudge,
  DEFAULT_MIX,
  type FilterSummary,
  filterDataset,
  type GenerateMix,
  type GenerateSummary,
  generateDataset,
  type PetGrounding,
  parseAnnotatedDialogue,
  profileFromDialogue,
  REVIEW_FORMATS,
  readItems,
  summarize,
  writeReviewFile,
} from '../../dataset/index.ts';
import { createJudge, dirJsonStore, isSimulator, SIMULATOR_WARNING } from '../../eval/index.ts';
import { createModels } from '../../llm/index.ts';
import { createPet, getPet, getUser } from '../../profiles/index.ts';
import { dayFor, ensureFriendPool, friendsForPet } from '../../world/index.ts';
import { type CliContext, contextFor, floatOption, intOption } from '../context.ts';
import { choiceOption, listOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';
import { renderProfile } from './cards.ts';
import { registerDatasetExport } from './dataset-export.ts';

/** `ipet dataset ...`: persona training data (issue 21). */
export function registerDataset(program: Command, env: NodeJS.ProcessEnv): void {
  const dataset = program
    .command('dataset')
    .description('persona training data: generate, filter, review, profile from dialogue, export');
  registerGenerate(dataset, env);
  registerFilter(dataset, env);
  registerReview(dataset, env);
  registerProfile(dataset, env);
  registerDatasetExport(dataset, env);
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function turnsOption(raw: string): { min: number; max: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(raw.trim());
  const min = Number(m?.[1]);
  const max = Number(m?.[2] ?? m?.[1]);
  if (!m || min < 1 || max > 12 || min > max) {
    throw new InvalidArgumentError(`--turns must be N or MIN-MAX within 1-12 (got ${raw})`);
  }
  return { min, max };
}

function localesOption(raw: string): Locale[] {
  const list = listOption(raw);
  const bad = list.filter((l) => !(LOCALES as readonly string[]).includes(l));
  if (list.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(`--locales must list ${LOCALES.join(', ')} (got ${raw})`);
  }
  return [...new Set(list)] as Locale[];
}

// ---------------------------------------------------------------------------------------------------------
// generate

function registerGenerate(dataset: Command, env: NodeJS.ProcessEnv): void {
  const count = (flag: string) => intOption(flag, 0, 100_000);
  dataset
    .command('generate')
    .description(
      'dialogues with simulated users (every pet reply emotion-labelled) and SPE/CUS/RAW pairs for pets; resumable',
    )
    .requiredOption('--pet <id>', 'a pet (repeat for several)', collect)
    .requiredOption('--out <dir>', 'the dataset directory (items.jsonl, progress.json); rerun to resume')
    .option('--dialogues <n>', 'dialogues per pet', count('--dialogues'), DEFAULT_MIX.dialogues)
    .option('--spe <n>', 'character-knowledge Q&A pairs per pet (SPE)', count('--spe'), DEFAULT_MIX.spe)
    .option('--cus <n>', 'customised-instruction items per pet (CUS)', count('--cus'), DEFAULT_MIX.cus)
    .option('--raw <n>', 'generic-instruction items per pet (RAW)', count('--raw'), DEFAULT_MIX.raw)
    .option(
      '--batch <n>',
      'pairs asked for in one model call',
      intOption('--batch', 1, 10),
      DEFAULT_MIX.batch,
    )
    .option(
      '--turns <n|min-max>',
      `exchanges per dialogue (default ${DEFAULT_MIX.minTurns}-${DEFAULT_MIX.maxTurns})`,
      turnsOption,
    )
    .option(
      '--locales <list>',
      `languages of the items, taken in turn (default ${DEFAULT_MIX.locales.join(',')})`,
      localesOption,
    )
    .option(
      '--users <n>',
      'simulated users in the pool (spread over the locales)',
      intOption('--users', 1, 200),
      DEFAULT_MIX.users,
    )
    .option(
      '--days <n>',
      "also generate the pet's last N days (world simulation) to ground the items",
      intOption('--days', 0, 14),
      0,
    )
    .option(
      '--concurrency <n>',
      'model calls in flight (default IPET_LLM_CONCURRENCY)',
      intOption('--concurrency', 1, 256),
    )
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const out = resolve(opts.out);
      const mix: GenerateMix = {
        dialogues: opts.dialogues,
        spe: opts.spe,
        cus: opts.cus,
        raw: opts.raw,
        batch: opts.batch,
        minTurns: opts.turns?.min ?? DEFAULT_MIX.minTurns,
        maxTurns: opts.turns?.max ?? DEFAULT_MIX.maxTurns,
        locales: opts.locales ?? DEFAULT_MIX.locales,
        users: opts.users,
      };
      const summary = await withRuntime(ctx, async (rt) => {
        const pets: PetGrounding[] = [];
        for (const petId of [...new Set<string>(opts.pet)]) pets.push(await grounding(rt, petId, opts.days));
        const bar = ctx.out.progress('dataset generate', 0);
        const result = await generateDataset(
          { model: rt.language(), modelId: rt.models.languageId ?? 'unknown', logger: rt.logger },
          {
            dir: out,
            pets,
            mix,
            concurrency: opts.concurrency ?? rt.config.llm.maxConcurrency,
            onPlan: (total, done) => {
              bar.setTotal(total);
              if (done > 0) bar.tick(done, `${done} done earlier`);
            },
            onUnitDone: (unit, outcome) => bar.tick(1, outcome === 'failed' ? `failed ${unit.id}` : ''),
          },
        );
        bar.done();
        return result;
      });
      if (summary.failures.length > 0) {
        ctx.out.note(`${summary.failures.length} unit(s) failed; run the same command again to retry them`);
        process.exitCode = 1;
      }
      ctx.out.result(generateJson(summary), renderGenerate);
    });
}

/** Profile, friends, stored (or freshly generated) days and lore of one pet. */
async function grounding(rt: Runtime, petId: string, days: number): Promise<PetGrounding> {
  const pet = await getPet({ pets: rt.store.pets }, petId);
  const owner = await getUser({ users: rt.store.users }, pet.ownerId);
  await ensureFriendPool(friendPoolDeps(rt), owner.locale);
  const friends = await friendsForPet({ friends: rt.store.friends }, pet);
  const today = localDate(rt.clock.now(), owner.timezone);
  for (let i = 0; i < days; i++) {
    await dayFor(dayDeps(rt), { pet, user: owner, date: addDays(today, -i), method: 'world-sim' });
  }
  const stored = await rt.store.worlds.listDays(pet.id, addDays(today, -30), today);
  const lore = petLorebooks(pet).books.flatMap((b) =>
    b.entries.filter((e) => e.enabled).map((e) => ({ id: e.id, label: e.label, text: e.text })),
  );
  return { pet, friends, days: [...stored].sort((a, b) => (a.date < b.date ? 1 : -1)), lore };
}

function generateJson(s: GenerateSummary) {
  return {
    out: s.dir,
    items: join(s.dir, DATASET_FILES.items),
    dialogues: s.counts.dialogue,
    qa: s.counts.spe + s.counts.cus + s.counts.raw,
    counts: s.counts,
    units: s.units,
    failures: s.failures,
    usage: s.usage,
  };
}

function renderGenerate(r: ReturnType<typeof generateJson>): string {
  return [
    `${r.dialogues} dialogues and ${r.qa} Q&A items (SPE ${r.counts.spe}, CUS ${r.counts.cus}, RAW ${r.counts.raw}) in ${r.items}`,
    `units: ${r.units.written} written now, ${r.units.resumed} from earlier runs, ${r.units.failed} failed, of ${r.units.total}`,
    ...r.failures.slice(0, 10).map((f) => `  failed ${f.unit}: ${f.error}`),
    `model calls: ${r.usage.calls}, ${r.usage.inputTokens} in / ${r.usage.outputTokens} out tokens`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// filter

interface JudgeFlags {
  judgeBaseUrl?: string;
  judgeModel?: string;
  judgeApiKey?: string;
}

function registerFilter(dataset: Command, env: NodeJS.ProcessEnv): void {
  dataset
    .command('filter')
    .description(
      'check every item (safety and crisis protocol, minors, language, length, near-duplicates; judge: persona, emotion labels) and write the review file',
    )
    .requiredOption('--in <dir>', 'the dataset directory')
    .option('--no-judge', 'skip the judge checks (persona consistency, emotion label fits)')
    .option(
      '--review-format <format>',
      'review file: jsonl (review.jsonl) or csv (review.csv, for a spreadsheet)',
      choiceOption('--review-format', REVIEW_FORMATS),
      'jsonl',
    )
    .option(
      '--judge-base-url <url>',
      'OpenAI-compatible server of the judge (env IPET_JUDGE_BASE_URL; default: the companion model)',
    )
    .option('--judge-model <name>', 'judge model (env IPET_JUDGE_MODEL)')
    .option('--judge-api-key <key>', 'judge API key (env IPET_JUDGE_API_KEY)')
    .option(
      '--duplicate-threshold <j>',
      'Jaccard similarity (5-gram shingles) from which an item is a near-duplicate',
      floatOption('--duplicate-threshold', 0.1, 1),
      0.8,
    )
    .option('--min-reply <chars>', 'shortest pet reply kept', intOption('--min-reply', 1, 10_000), 2)
    .option('--max-reply <chars>', 'longest pet reply kept', intOption('--max-reply', 1, 100_000), 1200)
    .option(
      '--concurrency <n>',
      'judge calls in flight (default IPET_LLM_CONCURRENCY)',
      intOption('--concurrency', 1, 256),
    )
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const dir = resolve(opts.in);
      await requireItems(dir);
      const summary = await withRuntime(ctx, async (rt) => {
        const judge = opts.judge ? await filterJudge(ctx, rt, opts, dir) : undefined;
        const bar = judge ? ctx.out.progress('dataset filter (judge)', 0) : null;
        try {
          return await filterDataset({
            dir,
            ...(judge ? { judge: judge.judge } : {}),
            concurrency: opts.concurrency ?? rt.config.llm.maxConcurrency,
            duplicateThreshold: opts.duplicateThreshold,
            reviewFormat: opts.reviewFormat,
            limits: { minReply: opts.minReply, maxReply: opts.maxReply, maxUser: 1000 },
            onPlan: (n) => bar?.setTotal(n),
            onJudged: (_item, outcome) => bar?.tick(1, outcome === 'failed' ? 'judge failed' : ''),
          });
        } finally {
          bar?.done();
          await judge?.close();
        }
      });
      ctx.out.result(summary, renderFilter);
    });
}

async function requireItems(dir: string): Promise<void> {
  const { items } = await readItems(dir);
  if (items.length === 0) {
    throw new ValidationError(`no items in ${join(dir, DATASET_FILES.items)}`, [], {
      hint: 'run ipet dataset generate --out DIR (or from-chats) first',
    });
  }
}

/** The judge: its own endpoint when configured (flags, then IPET_JUDGE_*), else the companion model. */
async function filterJudge(
  ctx: CliContext,
  rt: Runtime,
  opts: JudgeFlags,
  dir: string,
): Promise<{ judge: DatasetJudge; close(): Promise<void> }> {
  const get = (flag: string | undefined, name: string) => flag?.trim() || ctx.env[name]?.trim() || undefined;
  const baseURL = get(opts.judgeBaseUrl, 'IPET_JUDGE_BASE_URL');
  const model = get(opts.judgeModel, 'IPET_JUDGE_MODEL');
  const apiKey = get(opts.judgeApiKey, 'IPET_JUDGE_API_KEY');
  const store = dirJsonStore(join(dir, 'cache'));
  if (!baseURL && !model) {
    ctx.out.note(
      'judge: the companion model (set IPET_JUDGE_BASE_URL and IPET_JUDGE_MODEL for a separate judge)',
    );
    const judge = createJudge({ model: rt.language(), modelId: rt.models.languageId ?? 'unknown', store });
    return { judge, close: async () => {} };
  }
  if (!baseURL || !model) {
    throw new ConfigError('the judge needs both a base URL and a model', {
      hint: 'pass --judge-base-url and --judge-model (or IPET_JUDGE_BASE_URL and IPET_JUDGE_MODEL)',
    });
  }
  const endpoint = { baseURL: baseURL.replace(/\/+$/, ''), ...(apiKey ? { apiKey } : {}) };
  if (await isSimulator(endpoint)) ctx.out.note(`judge: ${SIMULATOR_WARNING}`);
  const models = createModels(
    {
      language: { kind: 'openai-compatible', ...endpoint, model },
      embedding: { kind: 'lexical' },
      limits: {
        maxConcurrency: rt.config.llm.maxConcurrency,
        totalTimeoutMs: rt.config.llm.totalTimeoutMs,
        firstTokenTimeoutMs: rt.config.llm.firstTokenTimeoutMs,
        maxRetries: rt.config.llm.maxRetries,
      },
    },
    { logger: rt.logger },
  );
  if (!models.language) throw new ConfigError('the judge model could not be set up');
  return {
    judge: createJudge({ model: models.language, modelId: model, store }),
    close: () => models.close(),
  };
}

function renderFilter(s: FilterSummary): string {
  const reasons = Object.entries(s.reasons).sort((a, b) => b[1] - a[1]);
  return [
    `${s.items} items: ${s.accepted} accepted, ${s.rejected} rejected, ${s.pending} pending (${s.byPerson} decided by a person, kept)`,
    ...(reasons.length ? ['rejected for:', ...reasons.map(([r, n]) => `  ${r.padEnd(24)} ${n}`)] : []),
    `review file: ${s.reviewFile} (edit "decision", then: ipet dataset review --apply FILE --in DIR)`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// review

function registerReview(dataset: Command, env: NodeJS.ProcessEnv): void {
  dataset
    .command('review')
    .description(
      'apply a review file a person edited (decision accept/reject/pending per item); without --apply, write it afresh',
    )
    .requiredOption('--in <dir>', 'the dataset directory')
    .option(
      '--apply <file>',
      'the edited review file: JSONL ({ id, decision, reasons? } a line) or .csv with id and decision columns',
    )
    .option(
      '--review-format <format>',
      'without --apply: jsonl or csv',
      choiceOption('--review-format', REVIEW_FORMATS),
      'jsonl',
    )
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const dir = resolve(opts.in);
      await requireItems(dir);
      if (opts.apply) {
        const applied = await applyReviewFile({ file: resolve(opts.apply), dir });
        ctx.out.result(applied, renderApply);
        return;
      }
      const { items } = await readItems(dir);
      const file = await writeReviewFile(dir, items, opts.reviewFormat);
      ctx.out.result({ ...summarize(items), reviewFile: file }, renderFilter);
    });
}

function renderApply(a: ApplySummary): string {
  return `${a.changed} decision(s) changed, ${a.unchanged} unchanged; now ${a.accepted} accepted, ${a.rejected} rejected, ${a.pending} pending`;
}

// ---------------------------------------------------------------------------------------------------------
// profile

function registerProfile(dataset: Command, env: NodeJS.ProcessEnv): void {
  dataset
    .command('profile')
    .description(
      'draft a fine-grained profile from an emotion-annotated dialogue (JSONL of { speaker, text, emotion }) and optionally create the pet',
    )
    .requiredOption('--file <dialogue.jsonl>', 'the annotated dialogue')
    .option('--character <speaker>', 'whose profile (default: the speaker with the most lines)')
    .option('--name <name>', "the pet's name (default: the speaker's)")
    .option(
      '--locale <locale>',
      'language of the profile (default: that of the dialogue)',
      choiceOption('--locale', LOCALES),
    )
    .option('--create', 'create the pet from the profile (needs --owner)')
    .option('--owner <userId>', 'the user who owns the created pet')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (opts.create && !opts.owner) {
        throw new ValidationError('--create needs --owner', [
          { path: 'owner', message: 'required with --create' },
        ]);
      }
      let text: string;
      try {
        text = await readFile(resolve(opts.file), 'utf8');
      } catch {
        throw new ValidationError(`cannot read ${opts.file}`, [{ path: 'file', message: 'unreadable' }]);
      }
      const lines = parseAnnotatedDialogue(text, opts.file);
      const result = await withRuntime(ctx, async (rt) => {
        const owner = opts.create ? await getUser({ users: rt.store.users }, opts.owner) : null;
        const draft = await profileFromDialogue(
          { model: rt.language() },
          {
            lines,
            ...(opts.character ? { character: opts.character } : {}),
            ...(opts.name ? { name: opts.name } : {}),
            ...(opts.locale ? { locale: opts.locale } : {}),
          },
        );
        const pet = owner
          ? await createPet(
              { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids },
              {
                ownerId: owner.id,
                profile: draft.profile,
                extensions: {
                  profileFromDialogue: {
                    file: resolve(opts.file),
                    character: draft.character,
                    lines: lines.length,
                    emotions: Object.fromEntries(draft.emotions),
                    prompt: draft.promptId,
                  },
                },
              },
            )
          : null;
        return {
          character: draft.character,
          locale: draft.locale,
          lines: lines.length,
          emotions: Object.fromEntries(draft.emotions.map(([e, s]) => [e, Math.round(s * 1000) / 1000])),
          profile: draft.profile,
          prompt: draft.promptId,
          id: pet?.id ?? null,
        };
      });
      ctx.out.result(result, (r) =>
        [
          renderProfile(r.profile),
          r.id ? `created pet ${r.id}` : 'not saved (pass --create --owner USER to create the pet)',
        ].join('\n'),
      );
    });
}
