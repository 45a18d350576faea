import type { Command } from 'commander';
import { dayDeps, friendPoolDeps } from '../../app/index.ts';
import {
  isIsoDate,
  localDate,
  ValidationError,
  WORLD_METHODS,
  WORLD_MODES,
  type WorldDay,
} from '../../core/index.ts';
import { getPet, getUser } from '../../profiles/index.ts';
import {
  dayFor,
  ensureFriendPool,
  formatTimeline,
  friendsForPet,
  generateFriendPool,
} from '../../world/index.ts';
import { contextFor, intOption } from '../context.ts';
import { choiceOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';

/** The `--json` shape of a day (see INTERFACE.md). */
export function dayJson(day: WorldDay) {
  return {
    id: day.id,
    petId: day.petId,
    date: day.date,
    mode: day.mode,
    method: day.method,
    outline: day.outline,
    schedule: day.schedule.map((i) => ({ time: i.time, title: i.title, detail: i.detail })),
    usage: day.usage,
    model: day.model,
    promptVersion: day.promptVersion,
    createdAt: day.createdAt.toISOString(),
    degraded: day.degraded ?? null,
  };
}

function checkDate(date: string | undefined): void {
  if (date !== undefined && !isIsoDate(date))
    throw new ValidationError(`--date must be YYYY-MM-DD (got ${date})`);
}

export function registerWorld(program: Command, env: NodeJS.ProcessEnv): void {
  const world = program.command('world').description("the pet's simulated day (world simulation module)");

  world
    .command('generate')
    .description('generate (or return the stored) day of a pet: outline -> schedule -> details')
    .requiredOption('--pet <id>')
    .option('--date <YYYY-MM-DD>', "the day, in the owner's timezone (default today)")
    .option(
      '--mode <mode>',
      'normal or memory (default: memory when the owner has memories)',
      choiceOption('--mode', WORLD_MODES),
    )
    .option(
      '--method <method>',
      WORLD_METHODS.join(', '),
      choiceOption('--method', WORLD_METHODS),
      'world-sim',
    )
    .option('--force', 'regenerate even if the day is stored')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      checkDate(opts.date);
      const { day, timeZone, now } = await withRuntime(ctx, async (rt) => {
        const pet = await getPet({ pets: rt.store.pets }, opts.pet);
        const user = await getUser({ users: rt.store.users }, pet.ownerId);
        const date = opts.date ?? localDate(rt.clock.now(), user.timezone);
        if (!ctx.out.json) ctx.out.note(`generating ${pet.profile.name}'s day ${date} (${opts.method})...`);
        const generated = await dayFor(dayDeps(rt), {
          pet,
          user,
          date,
          method: opts.method,
          ...(opts.mode ? { mode: opts.mode } : {}),
          ...(opts.force ? { force: true } : {}),
        });
        return { day: generated, timeZone: user.timezone, now: rt.clock.now() };
      });
      ctx.out.result(dayJson(day), () => renderDay(day, now, timeZone));
    });

  world
    .command('show')
    .description('show a stored day as a timeline, with a marker at the current item')
    .requiredOption('--pet <id>')
    .option('--date <YYYY-MM-DD>', "the day, in the owner's timezone (default today)")
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      checkDate(opts.date);
      const found = await withRuntime(ctx, async (rt) => {
        const pet = await getPet({ pets: rt.store.pets }, opts.pet);
        const user = await getUser({ users: rt.store.users }, pet.ownerId);
        const date = opts.date ?? localDate(rt.clock.now(), user.timezone);
        const day = await rt.store.worlds.getDay(pet.id, date);
        if (!day) {
          throw new ValidationError(`no day is stored for ${pet.id} on ${date}`, [], {
            hint: `run: ipet world generate --pet ${pet.id} --date ${date}`,
          });
        }
        return { day, timeZone: user.timezone, now: rt.clock.now() };
      });
      ctx.out.result(dayJson(found.day), () => renderDay(found.day, found.now, found.timeZone));
    });

  world
    .command('friends')
    .description("the pet's friends (its social network, drawn from the friend pool)")
    .requiredOption('--pet <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const friends = await withRuntime(ctx, async (rt) => {
        const pet = await getPet({ pets: rt.store.pets }, opts.pet);
        const owner = await getUser({ users: rt.store.users }, pet.ownerId);
        await ensureFriendPool(friendPoolDeps(rt), owner.locale);
        return friendsForPet({ friends: rt.store.friends }, pet);
      });
      ctx.out.result({ friends }, (r) =>
        r.friends.map((f) => `${f.name} (${f.kind}) - ${f.relationship}: ${f.description}`).join('\n'),
      );
    });

  world
    .command('pool')
    .description('regenerate the shared friend pool (every pet then draws new friends)')
    .option('--size <n>', 'profiles in the pool', intOption('--size', 5, 200), 30)
    .option('--locale <locale>', 'en or zh', choiceOption('--locale', ['en', 'zh'] as const), 'en')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const pool = await withRuntime(ctx, (rt) =>
        generateFriendPool(
          {
            friends: rt.store.friends,
            model: rt.language(),
            clock: rt.clock,
            ids: rt.ids,
            logger: rt.logger,
          },
          { size: opts.size, locale: opts.locale },
        ),
      );
      ctx.out.result({ size: pool.length, friends: pool }, (r) => `generated ${r.size} friend profiles`);
    });
}

function renderDay(day: WorldDay, now: Date, timeZone: string): string {
  const head = `${day.date}  (${day.method}, ${day.mode} mode, model ${day.model})`;
  const usage = `usage: ${day.usage.calls} calls, ${day.usage.inputTokens} in / ${day.usage.outputTokens} out tokens`;
  const degraded = day.degraded
    ? [`degraded (kept with parts missing):\n${day.degraded.reasons.map((r) => `  - ${r}`).join('\n')}`]
    : [];
  return [head, formatTimeline(day, now, timeZone, { details: true }), usage, ...degraded].join('\n\n');
}
