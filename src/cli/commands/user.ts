import type { Command } from 'commander';
import { AGE_BANDS, LOCALES, type User } from '../../core/index.ts';
import { createUser, getUser, listUsers, updateUser } from '../../dialogue/index.ts';
import { contextFor } from '../context.ts';
import { choiceOption, defined, listOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';

function profileFlags(cmd: Command, requireName: boolean): Command {
  return cmd
    .option(requireName ? '--name <name>' : '--name <name>', 'display name')
    .option('--call-name <name>', 'how the pet calls the user')
    .option('--timezone <tz>', 'IANA time zone, e.g. Europe/Paris')
    .option('--locale <locale>', 'en or zh', choiceOption('--locale', LOCALES))
    .option('--age-band <band>', 'adult, minor or unknown', choiceOption('--age-band', AGE_BANDS))
    .option('--interests <list>', 'comma-separated interests', listOption);
}

function userInput(opts: Record<string, unknown>) {
  return defined({
    name: opts.name as string | undefined,
    callName: opts.callName as string | undefined,
    timezone: opts.timezone as string | undefined,
    locale: opts.locale as User['locale'] | undefined,
    ageBand: opts.ageBand as User['ageBand'] | undefined,
    interests: opts.interests as string[] | undefined,
  });
}

export function renderUser(u: User): string {
  return [
    `${u.name} (${u.id})`,
    `  called:    ${u.callName || u.name}`,
    `  timezone:  ${u.timezone}   locale: ${u.locale}   age band: ${u.ageBand}`,
    u.interests.length ? `  interests: ${u.interests.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerUser(program: Command, env: NodeJS.ProcessEnv): void {
  const user = program.command('user').description('create and manage users (profile U)');

  profileFlags(user.command('create').description('create a user'), true).action(
    async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const created = await withRuntime(ctx, (rt) =>
        createUser(
          { users: rt.store.users, clock: rt.clock, ids: rt.ids },
          {
            name: opts.name ?? '',
            ...userInput(opts),
          },
        ),
      );
      ctx.out.result({ id: created.id, user: created }, (r) => `created user ${r.id}\n${renderUser(r.user)}`);
    },
  );

  profileFlags(
    user.command('update').description("change a user's profile").requiredOption('--user <id>'),
    false,
  ).action(async (opts, command: Command) => {
    const ctx = contextFor(command, env);
    const updated = await withRuntime(ctx, (rt) =>
      updateUser({ users: rt.store.users, clock: rt.clock }, opts.user, userInput(opts)),
    );
    ctx.out.result({ id: updated.id, user: updated }, (r) => renderUser(r.user));
  });

  user
    .command('show')
    .description('show a user')
    .requiredOption('--user <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const found = await withRuntime(ctx, (rt) => getUser({ users: rt.store.users }, opts.user));
      ctx.out.result({ user: found }, (r) => renderUser(r.user));
    });

  user
    .command('list')
    .description('list users')
    .action(async (_opts, command: Command) => {
      const ctx = contextFor(command, env);
      const users = await withRuntime(ctx, (rt) => listUsers({ users: rt.store.users }));
      ctx.out.result({ users }, (r) =>
        r.users.length ? r.users.map(renderUser).join('\n') : 'no users yet',
      );
    });
}
