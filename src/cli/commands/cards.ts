import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import {
  buildPersona,
  exportPetCard,
  importLorebook,
  importPetCard,
  LIMITS,
  type LorebookSummary,
  listLore,
  removeLorebook,
} from '../../cards/index.ts';
import type { PetProfile, PetProfileInput } from '../../core/index.ts';
import { ValidationError } from '../../core/index.ts';
import { createPet, getUser } from '../../profiles/index.ts';
import { type CliContext, contextFor } from '../context.ts';
import { choiceOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';

/** Reads a card or lorebook file, refusing huge files before reading them. */
async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    if (info.size > LIMITS.fileBytes) {
      throw new ValidationError(`${path} is larger than ${LIMITS.fileBytes / 1024 / 1024} MB`, [
        { path: 'file', message: 'too large' },
      ]);
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`cannot read ${path}`, [{ path: 'file', message: 'unreadable' }], {
      hint: 'check the path',
    });
  }
}

/** The whole profile, for confirming a draft and for `--describe` output. */
export function renderProfile(p: PetProfile): string {
  const row = (label: string, value: string | string[]) => {
    const text = Array.isArray(value) ? value.join(', ') : value;
    return text ? `  ${label.padEnd(20)} ${text.replaceAll('\n', `\n  ${' '.repeat(21)}`)}` : '';
  };
  return [
    `${p.name} the ${p.kind}`,
    row('appearance', p.appearance),
    row('personality', p.personality),
    row('traits', p.traits),
    row('speaking style', p.speakingStyle),
    row('catchphrases', p.catchphrases),
    row('emotional tendencies', p.emotionalTendencies),
    row('likes', p.likes),
    row('dislikes', p.dislikes),
    row('background', p.background),
    ...p.exampleLines.map((l, i) => row(i === 0 ? 'example lines' : '', `- ${l}`)),
    row('greeting', p.greeting),
  ]
    .filter(Boolean)
    .join('\n');
}

function renderLore(books: LorebookSummary[]): string {
  if (books.length === 0) return 'no lorebooks';
  return books
    .map((b) =>
      [
        `${b.id}  ${b.name || '(unnamed)'}  - ${b.source}, scans ${b.scanDepth} messages, ${b.tokenBudget} tokens`,
        ...b.entries.map((e) => {
          const flags = [
            e.constant ? 'constant' : '',
            e.enabled ? '' : 'disabled',
            e.selective ? `and: ${e.secondaryKeys.join(', ')}` : '',
            e.useRegex ? 'regex' : '',
          ].filter(Boolean);
          const keys = e.keys.length > 0 ? e.keys.join(', ') : '-';
          return `  ${e.id.padEnd(16)} ${e.label}  [${keys}]${flags.length ? ` (${flags.join('; ')})` : ''}`;
        }),
      ].join('\n'),
    )
    .join('\n');
}

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/**
 * `ipet pet create --describe TEXT`: the persona builder drafts the profile, a person confirms it (y/N on a
 * terminal; `--yes` skips; `--json` requires `--yes`), then the pet is saved with the description it came
 * from under `extensions.persona`.
 */
export async function createDescribedPet(
  ctx: CliContext,
  input: { ownerId: string; description: string; fixed: Partial<PetProfileInput>; yes: boolean },
  /** Asks the person; tests pass their own. The default needs a terminal on stdin. */
  confirm?: (question: string) => Promise<boolean>,
): Promise<void> {
  if (!input.yes && ctx.out.json) {
    throw new ValidationError('--describe with --json needs --yes (there is no one to confirm the draft)', [
      { path: 'yes', message: 'required with --json' },
    ]);
  }
  if (!input.yes && !confirm && !process.stdin.isTTY) {
    throw new ValidationError('cannot ask to confirm the draft: stdin is not a terminal', [], {
      hint: 'pass --yes to save the draft without asking',
    });
  }
  await withRuntime(ctx, async (rt) => {
    const user = await getUser({ users: rt.store.users }, input.ownerId);
    const draft = await buildPersona(
      { model: rt.language() },
      { description: input.description, locale: user.locale, fixed: input.fixed, ownerId: user.id },
    );
    if (!input.yes) {
      ctx.out.note(renderProfile(draft.profile));
      if (!(await (confirm ?? askYesNo)('Save this pet? [y/N] '))) {
        ctx.out.note('not saved');
        return;
      }
    }
    const pet = await createPet(
      { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids },
      {
        ownerId: user.id,
        profile: draft.profile,
        extensions: { persona: { description: input.description.trim(), prompt: draft.promptId } },
      },
    );
    ctx.out.result({ id: pet.id, pet }, (r) => `created pet ${r.id}\n${renderProfile(r.pet.profile)}`);
  });
}

/** `ipet pet import`, `ipet pet export` and `ipet pet lore ...`, added to the `pet` command group. */
export function registerCards(pet: Command, env: NodeJS.ProcessEnv): void {
  pet
    .command('import <file>')
    .description('create a pet from a character card (V1/V2/V3, PNG or JSON)')
    .requiredOption('--owner <userId>', 'the user who owns the pet')
    .option('--kind <kind>', 'what the character is (cards do not say; default "character")')
    .action(async (file: string, opts, command: Command) => {
      const ctx = contextFor(command, env);
      const bytes = await readInputFile(file);
      const r = await withRuntime(ctx, (rt) =>
        importPetCard(
          { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids },
          { ownerId: opts.owner, file: bytes, ...(opts.kind ? { kind: opts.kind } : {}) },
        ),
      );
      if (!ctx.out.json) for (const w of r.warnings) ctx.out.note(`warning: ${w}`);
      ctx.out.result(
        {
          id: r.pet.id,
          name: r.pet.profile.name,
          spec: r.spec,
          from: r.from,
          loreEntries: r.loreEntries,
          warnings: r.warnings,
        },
        (x) =>
          `imported ${x.name} (${x.id}) from a ${x.spec.toUpperCase()} ${x.from.toUpperCase()} card` +
          (x.loreEntries ? ` with ${x.loreEntries} lore entries` : ''),
      );
    });

  pet
    .command('export <id>')
    .description('write a pet as a character card (PNG carries both V2 and V3)')
    .requiredOption('--format <format>', 'png or json', choiceOption('--format', ['png', 'json'] as const))
    .option(
      '--spec <spec>',
      'json only: v2 or v3 (default: the spec it was imported with, else v3)',
      choiceOption('--spec', ['v2', 'v3'] as const),
    )
    .requiredOption('--out <file>', 'where to write the card')
    .action(async (id: string, opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (opts.format === 'png' && opts.spec)
        ctx.out.note('note: a PNG card carries both V2 and V3; --spec is ignored');
      const r = await withRuntime(ctx, (rt) =>
        exportPetCard(
          { pets: rt.store.pets, friends: rt.store.friends },
          {
            petId: id,
            format: opts.format,
            ...(opts.format === 'json' && opts.spec ? { spec: opts.spec } : {}),
          },
        ),
      );
      const path = resolve(opts.out);
      await writeFile(path, r.bytes);
      const spec = opts.format === 'png' ? 'v2+v3' : String(r.card.spec) === 'chara_card_v2' ? 'v2' : 'v3';
      ctx.out.result(
        { path, format: opts.format, spec, bytes: r.bytes.length },
        (x) => `wrote ${r.pet.profile.name} to ${x.path} (${x.format}, ${x.spec})`,
      );
    });

  const lore = pet.command('lore').description("a pet's lorebooks (world info matched on the conversation)");

  lore
    .command('import <file>')
    .description('add a standalone lorebook (lorebook_v3 JSON) to a pet')
    .requiredOption('--pet <id>')
    .action(async (file: string, opts, command: Command) => {
      const ctx = contextFor(command, env);
      const bytes = await readInputFile(file);
      const r = await withRuntime(ctx, (rt) =>
        importLorebook(
          { pets: rt.store.pets, clock: rt.clock, ids: rt.ids },
          { petId: opts.pet, file: bytes },
        ),
      );
      if (!ctx.out.json) for (const w of r.warnings) ctx.out.note(`warning: ${w}`);
      ctx.out.result(r, (x) => `added lorebook ${x.name} (${x.bookId}) with ${x.entries} entries`);
    });

  lore
    .command('list')
    .description("list a pet's lorebooks and entries (ids as in `ipet chat --json` context.lore)")
    .requiredOption('--pet <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const r = await withRuntime(ctx, (rt) => listLore({ pets: rt.store.pets }, { petId: opts.pet }));
      ctx.out.result(r, (x) => renderLore(x.books));
    });

  lore
    .command('remove')
    .description('remove a lorebook added with `lore import` (the card’s own book stays)')
    .requiredOption('--pet <id>')
    .requiredOption('--book <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const r = await withRuntime(ctx, (rt) =>
        removeLorebook({ pets: rt.store.pets, clock: rt.clock }, { petId: opts.pet, bookId: opts.book }),
      );
      ctx.out.result(r, (x) => `removed lorebook ${x.removed}`);
    });
}
