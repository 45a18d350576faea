import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/index.ts';
import { aSession } from '../test/index.ts';
import { deleteAllMemories, deleteMemory, exportMemories, listMemories } from './control.ts';
import { memoryFixture, petFixture, storeWithAlice, userFixture } from './testing/fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
const at = (iso: string) => new Date(iso);

async function seed() {
  const store = await storeWithAlice({
    users: [userFixture({ id: 'usr_2' })],
    pets: [petFixture({ id: 'pet_2' })],
    sessions: [aSession({ id: 'ses_1' }), aSession({ id: 'ses_2' })],
  });
  const memories = store.memories;
  await memories.insert(
    [
      memoryFixture({
        id: 'm1',
        text: 'Alice lives in Paris',
        createdAt: at('2025-01-01T00:00:00Z'),
        supersededAt: at('2025-02-01T00:00:00Z'),
        supersededById: 'm2',
        sourceSessionId: 'ses_1',
      }),
      memoryFixture({
        id: 'm2',
        text: 'Alice lives in Berlin',
        createdAt: at('2025-02-01T00:00:00Z'),
        sourceSessionId: 'ses_2',
      }),
      memoryFixture({
        id: 'm3',
        text: 'Alice had a cold',
        category: 'short_term',
        createdAt: at('2025-01-15T00:00:00Z'),
        expiresAt: at('2025-02-14T00:00:00Z'),
        externalId: 'imp-3',
      }),
      memoryFixture({
        id: 'm4',
        petId: 'pet_2',
        text: 'Alice likes dogs',
        createdAt: at('2025-03-01T00:00:00Z'),
      }),
      memoryFixture({ id: 'b1', userId: 'usr_2', text: 'Bob likes chess' }),
    ].map((memory) => ({ memory, embedding: null })),
  );
  return { memories, store };
}

describe('user control', () => {
  it('lists active memories of the user, optionally of one pet', async () => {
    const deps = await seed();
    expect((await listMemories(deps, { userId: 'usr_1', now })).map((m) => m.id).sort()).toEqual([
      'm2',
      'm4',
    ]);
    expect((await listMemories(deps, { userId: 'usr_1', petId: 'pet_1', now })).map((m) => m.id)).toEqual([
      'm2',
    ]);
  });

  it('exports the complete history with status, supersession, source and external id', async () => {
    const deps = await seed();
    const records = await exportMemories(deps, { userId: 'usr_1', petId: 'pet_1', now });
    expect(records.map((r) => [r.id, r.status])).toEqual([
      ['m1', 'superseded'],
      ['m3', 'expired'],
      ['m2', 'active'],
    ]);
    expect(records[0]).toEqual({
      id: 'm1',
      petId: 'pet_1',
      text: 'Alice lives in Paris',
      category: 'permanent',
      subject: 'user',
      kind: null,
      dueOn: null,
      status: 'superseded',
      occurredAt: '2025-03-01T00:00:00.000Z',
      createdAt: '2025-01-01T00:00:00.000Z',
      expiresAt: null,
      supersededAt: '2025-02-01T00:00:00.000Z',
      supersededById: 'm2',
      sourceSessionId: 'ses_1',
      externalId: null,
      embeddingModel: null,
    });
    expect(records[1]).toMatchObject({ externalId: 'imp-3', expiresAt: '2025-02-14T00:00:00.000Z' });
  });

  it("never deletes another user's memory", async () => {
    const deps = await seed();
    await expect(deleteMemory(deps, { userId: 'usr_1', id: 'b1' })).rejects.toBeInstanceOf(NotFoundError);
    expect(deps.store.tables.memories.has('b1')).toBe(true);
    await deleteMemory(deps, { userId: 'usr_1', id: 'm2' });
    expect(deps.store.tables.memories.has('m2')).toBe(false);
  });

  it('deletes everything of a user, or of one pet', async () => {
    const deps = await seed();
    expect(await deleteAllMemories(deps, { userId: 'usr_1', petId: 'pet_2' })).toEqual({ deleted: 1 });
    expect(await deleteAllMemories(deps, { userId: 'usr_1' })).toEqual({ deleted: 3 });
    expect([...deps.store.tables.memories.keys()]).toEqual(['b1']);
  });

  it("lists, exports and erases the pet's own memories of the pair with the user's", async () => {
    const deps = await seed();
    await deps.memories.insert([
      {
        memory: memoryFixture({
          id: 'p1',
          text: 'Mochi promised to show Alice its drawing',
          subject: 'pet',
          kind: 'promise',
          dueOn: '2025-03-11',
          createdAt: at('2025-03-09T00:00:00Z'),
        }),
        embedding: null,
      },
      // The same pet's memory with another user: never theirs to see.
      { memory: memoryFixture({ id: 'p2', userId: 'usr_2', subject: 'pet', kind: 'day' }), embedding: null },
    ]);
    const ids = async (subject?: 'user' | 'pet') =>
      (
        await listMemories(deps, { userId: 'usr_1', petId: 'pet_1', now, ...(subject ? { subject } : {}) })
      ).map((m) => m.id);
    expect(await ids('pet')).toEqual(['p1']);
    expect(await ids('user')).toEqual(['m2']);
    expect((await ids()).sort()).toEqual(['m2', 'p1']);
    const records = await exportMemories(deps, { userId: 'usr_1', now });
    expect(records.find((r) => r.id === 'p1')).toMatchObject({
      subject: 'pet',
      kind: 'promise',
      dueOn: '2025-03-11',
    });
    expect(records.some((r) => r.id === 'p2')).toBe(false);
    await deleteAllMemories(deps, { userId: 'usr_1' });
    expect([...deps.store.tables.memories.keys()].sort()).toEqual(['b1', 'p2']);
  });
});
