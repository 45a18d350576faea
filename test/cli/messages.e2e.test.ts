import { describe, expect, it } from 'vitest';
import { useE2eStore } from './e2e-store.ts';
import { runCli } from './run-cli.ts';

/**
 * `ipet user update`'s proactive flags and `ipet messages list` through the real binary on the embedded
 * store: preferences not named keep their value, and the list shows what the night planned and what became
 * of it (status, skip reason).
 */
describe('ipet messages list and the proactive flags', () => {
  const store = useE2eStore('pglite', {
    skip: false,
    prefix: 'ipet-messages-',
    modelEnv: () => ({ IPET_EMBED_MODEL_PATH: 'lexical' }),
  });

  it('sets the preferences and lists the pet’s messages', async () => {
    const user = (
      await runCli(['user', 'create', '--name', 'Ada', '--timezone', 'UTC', '--json'], store.env, 180_000)
    ).json<{
      id: string;
    }>();
    const updated = await runCli(
      ['user', 'update', '--user', user.id, '--proactive', 'yes', '--quiet-hours', '21:30-07:15', '--json'],
      store.env,
      180_000,
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.json<{ user: { proactive: unknown } }>().user.proactive).toEqual({
      enabled: true,
      quietStart: '21:30',
      quietEnd: '07:15',
      dailyCap: 2,
    });
    const capped = await runCli(
      ['user', 'update', '--user', user.id, '--daily-cap', '1', '--json'],
      store.env,
      180_000,
    );
    expect(capped.json<{ user: { proactive: unknown } }>().user.proactive).toEqual({
      enabled: true,
      quietStart: '21:30',
      quietEnd: '07:15',
      dailyCap: 1,
    });
    const bad = await runCli(
      ['user', 'update', '--user', user.id, '--quiet-hours', '25:00-07:00'],
      store.env,
      180_000,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--quiet-hours must be HH:MM-HH:MM');

    const pet = (
      await runCli(
        ['pet', 'create', '--owner', user.id, '--name', 'Mochi', '--kind', 'cat', '--json'],
        store.env,
        180_000,
      )
    ).json<{ id: string }>();
    await store.withStore((s) =>
      s.proactive.plan([
        {
          id: 'pmsg_cli_1',
          userId: user.id,
          petId: pet.id,
          date: '2026-06-01',
          position: 0,
          dueAt: new Date('2026-06-01T10:00:00Z'),
          text: 'I found a shell!',
          groundedIn: '09:30 Beach walk',
          status: 'skipped',
          skipReason: 'quiet_hours',
          createdAt: new Date('2026-06-01T01:00:00Z'),
          deliveredAt: null,
          messageId: null,
          readAt: null,
        },
      ]),
    );
    const listed = await runCli(
      ['messages', 'list', '--user', user.id, '--pet', pet.id, '--json'],
      store.env,
      180_000,
    );
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json()).toEqual({
      messages: [
        expect.objectContaining({
          id: 'pmsg_cli_1',
          text: 'I found a shell!',
          dueAt: '2026-06-01T10:00:00.000Z',
          deliveredAt: null,
          status: 'skipped',
          skipReason: 'quiet_hours',
        }),
      ],
    });
  }, 900_000);
});
