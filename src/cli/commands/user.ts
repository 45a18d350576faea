import { type Command, InvalidArgumentError } from 'commander';
import type { Store } from '../../core/index.ts';
import { AGE_BANDS, LOCALES, NotFoundError, type User } from '../../core/index.ts';
import { exportMemories } from '../../memory/index.ts';
import {
  createUser,
  getUser,
  listPets,
  listUsers,
  setTrainingConsent,
  updateUser,
} from '../../profiles/index.ts';
import { issueToken, revokeToken, tokenExpiry } from '../../server/index.ts';
import { contextFor, intOption } from '../context.ts';
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

/** `--quiet-hours 22:00-08:00`: the start and end of the quiet hours. */
function quietHoursOption(raw: string): { quietStart: string; quietEnd: string } {
  const m = /^(([01][0-9]|2[0-3]):[0-5][0-9])-(([01][0-9]|2[0-3]):[0-5][0-9])$/.exec(raw.trim());
  if (!m) throw new InvalidArgumentError(`--quiet-hours must be HH:MM-HH:MM, e.g. 22:00-08:00 (got ${raw})`);
  return { quietStart: m[1]!, quietEnd: m[3]! };
}

export function renderUser(u: User): string {
  return [
    `${u.name} (${u.id})`,
    `  called:    ${u.callName || u.name}`,
    `  timezone:  ${u.timezone}   locale: ${u.locale}   age band: ${u.ageBand}`,
    u.interests.length ? `  interests: ${u.interests.join(', ')}` : '',
    `  training consent: ${u.trainingConsent ? 'yes' : 'no'}${u.trainingConsentAt ? ` (since ${u.trainingConsentAt.toISOString()})` : ''}`,
    `  messages from the pet: ${u.proactive.enabled ? 'on' : 'off'} (quiet ${u.proactive.quietStart}-${u.proactive.quietEnd}, at most ${u.proactive.dailyCap} a day)`,
  ]
    .filter(Boolean)
    .join('\n');
}

const FIRST_DATE = '0001-01-01';
const LAST_DATE = '9999-12-31';

/**
 * Everything stored about a user (GDPR access): profile, pets with the pet's mood toward them, chat sessions
 * with every message (failed replies too), memories with their history (superseded, expired), the world days
 * of their pets, model usage counts and product events. The same top-level keys as the HTTP export.
 */
export async function exportUser(store: Store, userId: string, now: Date) {
  const user = await getUser({ users: store.users }, userId);
  const pets = await listPets({ pets: store.pets }, user.id);
  const sessions = [];
  const days = [];
  const moods = [];
  for (const pet of pets) {
    for (const session of await store.chats.listSessions(user.id, pet.id)) {
      sessions.push({ ...session, messages: await store.chats.listMessages(session.id) });
    }
    days.push(...(await store.worlds.listDays(pet.id, FIRST_DATE, LAST_DATE)));
    const mood = await store.pets.getMood(pet.id, user.id);
    if (mood) moods.push(mood);
  }
  const events = (await store.events.list({ from: new Date(0), to: new Date(now.getTime() + 1) })).filter(
    (e) => e.userId === user.id,
  );
  return {
    exportedAt: now.toISOString(),
    user,
    pets,
    moods,
    sessions,
    memories: await exportMemories({ memories: store.memories }, { userId: user.id, now }),
    days,
    usage: await store.usage.summary({ userId: user.id }),
    events,
    proactiveMessages: await store.proactive.list({ userId: user.id, limit: 100_000 }),
    reflections: (
      await Promise.all(
        pets.map((pet) => store.reflections.list({ petId: pet.id, userId: user.id, limit: 100_000 })),
      )
    ).flat(),
  };
}

/**
 * Erases a user (GDPR erasure): one delete that cascades to pets, moods, sessions, messages, memories with
 * their vectors, world days, tokens, usage records and product events (see the store's erase contract).
 * Queued nightly jobs carry ids only (no text); one that runs after the erasure finds no pair and ends as
 * `gone`, and its row leaves with pg-boss's own retention (src/nightly has no purge by user yet). Throws
 * NotFoundError for an unknown user.
 */
export async function eraseUser(store: Store, userId: string): Promise<{ erased: true }> {
  if (!(await store.users.erase(userId))) throw new NotFoundError('user', userId);
  return { erased: true };
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
  )
    .option(
      '--training-consent <yes|no>',
      "opt in (yes) or out (no) of the user's conversations being used as training data",
      choiceOption('--training-consent', ['yes', 'no'] as const),
    )
    .option(
      '--proactive <yes|no>',
      'opt in (yes) or out (no) of messages the pet starts on its own',
      choiceOption('--proactive', ['yes', 'no'] as const),
    )
    .option(
      '--quiet-hours <HH:MM-HH:MM>',
      "no messages from the pet between these times in the user's time zone (may wrap past midnight)",
      quietHoursOption,
    )
    .option(
      '--daily-cap <n>',
      'at most this many messages from the pet a day (0-5)',
      intOption('--daily-cap', 0, 5),
    )
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const updated = await withRuntime(ctx, async (rt) => {
        const deps = { users: rt.store.users, clock: rt.clock };
        const proactive = defined({
          ...(opts.proactive === undefined ? {} : { enabled: opts.proactive === 'yes' }),
          ...(opts.quietHours as { quietStart: string; quietEnd: string } | undefined),
          dailyCap: opts.dailyCap as number | undefined,
        });
        const patch = {
          ...userInput(opts),
          // The preferences not named keep their value.
          ...(Object.keys(proactive).length > 0
            ? { proactive: { ...(await getUser(deps, opts.user)).proactive, ...proactive } }
            : {}),
        };
        const consent = opts.trainingConsent as 'yes' | 'no' | undefined;
        let result =
          consent === undefined || Object.keys(patch).length > 0
            ? await updateUser(deps, opts.user, patch)
            : null;
        if (consent !== undefined) result = await setTrainingConsent(deps, opts.user, consent === 'yes');
        return result!;
      });
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

  user
    .command('token')
    .description(
      'issue a bearer token for the HTTP API and OpenAI clients (/v1), shown once; --revoke TOKEN revokes one, --list lists them',
    )
    .requiredOption('--user <id>')
    .option('--label <text>', 'a note to tell tokens apart (e.g. "laptop script")')
    .option(
      '--expires-in <duration>',
      'the token stops working after this long: 30d, 12h, 90m, 2w (default: never)',
    )
    .option('--revoke <token>', 'revoke this token of the user instead of issuing one')
    .option('--list', "list the user's tokens (ids, labels, dates; never the secrets)")
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (opts.revoke !== undefined) {
        await withRuntime(ctx, async (rt) => {
          const user = await getUser({ users: rt.store.users }, opts.user);
          if (!(await revokeToken({ tokens: rt.store.tokens }, user.id, String(opts.revoke)))) {
            throw new NotFoundError('token of user', user.id, {
              hint: 'check the token you pasted; `ipet user token --user ID` issues a new one',
            });
          }
        });
        ctx.out.result({ revoked: true }, () => 'revoked the token: clients using it now get 401');
        return;
      }
      if (opts.list) {
        const tokens = await withRuntime(ctx, async (rt) => {
          const user = await getUser({ users: rt.store.users }, opts.user);
          return rt.store.tokens.list(user.id);
        });
        const listed = tokens.map(({ tokenHash: _secretHash, userId: _user, ...t }) => t);
        ctx.out.result({ tokens: listed }, (r) =>
          r.tokens.length
            ? r.tokens
                .map(
                  (t) =>
                    `${t.id}  ${t.label ?? '-'}  created ${t.createdAt.toISOString()}` +
                    `  expires ${t.expiresAt?.toISOString() ?? 'never'}` +
                    `  last used ${t.lastUsedAt?.toISOString() ?? 'never'}`,
                )
                .join('\n')
            : 'no tokens',
        );
        return;
      }
      const expiresIn = typeof opts.expiresIn === 'string' ? opts.expiresIn : undefined;
      const { token, expiresAt } = await withRuntime(ctx, async (rt) => {
        const expiresAt = tokenExpiry(rt.clock.now(), expiresIn, '--expires-in');
        const user = await getUser({ users: rt.store.users }, opts.user);
        const label = typeof opts.label === 'string' ? opts.label : 'cli';
        const secret = await issueToken(
          { tokens: rt.store.tokens, clock: rt.clock, ids: rt.ids },
          user.id,
          label,
          expiresAt,
        );
        return { token: secret, expiresAt };
      });
      ctx.out.result({ token, expiresAt: expiresAt?.toISOString() ?? null }, (r) =>
        [
          r.token,
          'keep it secret: it is shown only now. Use it as `Authorization: Bearer <token>` with the API,',
          'or as the api key of an OpenAI client whose base URL is http://127.0.0.1:8787/v1 (model = a pet id).',
          r.expiresAt ? `It stops working at ${r.expiresAt}.` : 'It works until revoked (`--revoke TOKEN`).',
        ].join('\n'),
      );
    });

  user
    .command('export')
    .description('everything stored about a user, as JSON (profile, pets, chats, memories, days, usage)')
    .requiredOption('--user <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const data = await withRuntime(ctx, (rt) => exportUser(rt.store, opts.user, rt.clock.now()));
      ctx.out.result(data, (d) =>
        [
          `${d.user.name} (${d.user.id}): ${d.pets.length} pet(s), ${d.sessions.length} session(s), ` +
            `${d.sessions.reduce((n, s) => n + s.messages.length, 0)} message(s), ${d.memories.length} memories, ` +
            `${d.days.length} day(s)`,
          'add --json to get the data itself',
        ].join('\n'),
      );
    });

  user
    .command('erase')
    .description(
      'erase a user and everything about them (pets, chats, memories, days, tokens); cannot be undone',
    )
    .requiredOption('--user <id>')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const result = await withRuntime(ctx, (rt) => eraseUser(rt.store, opts.user));
      ctx.out.result(result, () => `erased user ${opts.user} and everything stored about them`);
    });
}
