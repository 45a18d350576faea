import type { Command } from 'commander';
import type { Pet } from '../../core/index.ts';
import { createPet, getPet, listPets, updatePet } from '../../profiles/index.ts';
import { contextFor } from '../context.ts';
import { defined, listOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';
import { createDescribedPet } from './cards.ts';

function profileFlags(cmd: Command): Command {
  return cmd
    .option('--name <name>', "the pet's name")
    .option('--kind <kind>', 'species or kind of character (hamster, cat, knight...)')
    .option('--personality <text>', 'personality in a few sentences')
    .option('--traits <list>', 'comma-separated personality traits', listOption)
    .option('--appearance <text>', 'what it looks like')
    .option('--speaking-style <text>', 'how it talks')
    .option('--catchphrases <list>', 'comma-separated catchphrases', listOption)
    .option('--likes <list>', 'comma-separated likes', listOption)
    .option('--dislikes <list>', 'comma-separated dislikes', listOption)
    .option('--background <text>', 'background story')
    .option('--emotional-tendencies <text>', 'how it tends to feel')
    .option('--greeting <text>', 'first words to a new user');
}

function profileInput(opts: Record<string, unknown>) {
  return defined({
    name: opts.name as string | undefined,
    kind: opts.kind as string | undefined,
    personality: opts.personality as string | undefined,
    traits: opts.traits as string[] | undefined,
    appearance: opts.appearance as string | undefined,
    speakingStyle: opts.speakingStyle as string | undefined,
    catchphrases: opts.catchphrases as string[] | undefined,
    likes: opts.likes as string[] | undefined,
    dislikes: opts.dislikes as string[] | undefined,
    background: opts.background as string | undefined,
    emotionalTendencies: opts.emotionalTendencies as string | undefined,
    greeting: opts.greeting as string | undefined,
  });
}

export function renderPet(p: Pet): string {
  const f = p.profile;
  const line = (label: string, value: string | string[]) =>
    (Array.isArray(value) ? value.length : value) ? `  ${label.padEnd(12)} ${[value].flat().join(', ')}` : '';
  return [
    `${f.name} the ${f.kind} (${p.id}, owner ${p.ownerId})`,
    line('personality', f.personality),
    line('traits', f.traits),
    line('appearance', f.appearance),
    line('speaks', f.speakingStyle),
    line('likes', f.likes),
    line('dislikes', f.dislikes),
    line('greeting', f.greeting),
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerPet(program: Command, env: NodeJS.ProcessEnv): Command {
  const pet = program.command('pet').description('create and manage pets (profile P)');

  profileFlags(pet.command('create').description('create a pet for a user'))
    .requiredOption('--owner <userId>', 'the user who owns the pet')
    .option('--describe <text>', 'draft the whole profile from a description with the model, then confirm')
    .option('--yes', 'with --describe: save the draft without asking')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (opts.describe !== undefined) {
        const input = { ownerId: opts.owner, description: opts.describe, fixed: profileInput(opts) };
        return createDescribedPet(ctx, { ...input, yes: Boolean(opts.yes) });
      }
      const created = await withRuntime(ctx, (rt) =>
        createPet(
          { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids },
          {
            ownerId: opts.owner,
            profile: { name: opts.name ?? '', kind: opts.kind ?? '', ...profileInput(opts) },
          },
        ),
      );
      ctx.out.result({ id: created.id, pet: created }, (r) => `created pet ${r.id}\n${renderPet(r.pet)}`);
    });

  profileFlags(pet.command('update').description("change a pet's profile"))
    .requiredOption('--pet <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const updated = await withRuntime(ctx, (rt) =>
        updatePet({ pets: rt.store.pets, clock: rt.clock }, { petId: opts.pet, profile: profileInput(opts) }),
      );
      ctx.out.result({ id: updated.id, pet: updated }, (r) => renderPet(r.pet));
    });

  pet
    .command('show')
    .description('show a pet')
    .requiredOption('--pet <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const found = await withRuntime(ctx, (rt) => getPet({ pets: rt.store.pets }, opts.pet));
      ctx.out.result({ pet: found }, (r) => renderPet(r.pet));
    });

  pet
    .command('list')
    .description("list a user's pets")
    .requiredOption('--owner <userId>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const pets = await withRuntime(ctx, (rt) => listPets({ pets: rt.store.pets }, opts.owner));
      ctx.out.result({ pets }, (r) => (r.pets.length ? r.pets.map(renderPet).join('\n') : 'no pets yet'));
    });
  return pet;
}
