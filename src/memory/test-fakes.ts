/**
 * Fakes for the memory module's unit tests: an in-memory memory repository and chat repository with the
 * store's semantics (active = not superseded and not expired; vectors compared only within one model), a
 * bag-of-words embedder and a scripted language model. Database behaviour is covered by the *.int.test.ts
 * suites against the real store.
 */
import { MockLanguageModelV3 } from 'ai/test';
import type {
  ChatRepository,
  ChatSession,
  Embedder,
  Memory,
  MemoryQuery,
  MemoryRepository,
  Message,
  Pet,
  ScoredMemory,
  StoredEmbedding,
  User,
} from '../core/index.ts';
import { segmentWords } from '../core/index.ts';

export function memoryFixture(extra: Partial<Memory> = {}): Memory {
  const at = new Date('2025-03-01T00:00:00Z');
  return {
    id: 'mem_x',
    userId: 'usr_1',
    petId: 'pet_1',
    text: 'User likes tea',
    category: 'permanent',
    occurredAt: at,
    createdAt: at,
    expiresAt: null,
    supersededAt: null,
    supersededById: null,
    sourceSessionId: null,
    externalId: null,
    embeddingModel: null,
    ...extra,
  };
}

export function userFixture(extra: Partial<User> = {}): User {
  const at = new Date('2025-01-01T00:00:00Z');
  return {
    id: 'usr_1',
    name: 'Alice',
    callName: '',
    timezone: 'UTC',
    locale: 'en',
    ageBand: 'adult',
    interests: ['climbing'],
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

export function petFixture(extra: Partial<Pet> = {}): Pet {
  const at = new Date('2025-01-01T00:00:00Z');
  return {
    id: 'pet_1',
    ownerId: 'usr_1',
    profile: {
      name: 'Mochi',
      kind: 'cat',
      appearance: '',
      personality: 'curious and gentle',
      traits: [],
      speakingStyle: '',
      catchphrases: [],
      likes: [],
      dislikes: [],
      background: '',
      emotionalTendencies: '',
      exampleLines: [],
      greeting: '',
      scenario: '',
    },
    extensions: {},
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

const isActive = (m: Memory, now: Date) =>
  m.supersededAt === null && (m.expiresAt === null || m.expiresAt.getTime() > now.getTime());

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export type FakeMemoryRepository = MemoryRepository & {
  rows: Map<string, { memory: Memory; embedding: StoredEmbedding | null }>;
  indexes: string[];
};

export function createFakeMemoryRepository(): FakeMemoryRepository {
  const rows = new Map<string, { memory: Memory; embedding: StoredEmbedding | null }>();
  const indexes: string[] = [];
  const scope = (q: MemoryQuery) =>
    [...rows.values()].filter(
      (r) =>
        r.memory.userId === q.userId &&
        r.memory.petId === q.petId &&
        (q.includeInactive || isActive(r.memory, q.now)),
    );
  const top = (hits: ScoredMemory[], k: number) => hits.sort((a, b) => b.score - a.score).slice(0, k);
  const dense = async (q: MemoryQuery & { embedding: StoredEmbedding }) =>
    top(
      scope(q)
        .filter((r) => r.embedding?.model === q.embedding.model)
        .map((r) => ({ memory: r.memory, score: cosine(r.embedding?.vector ?? [], q.embedding.vector) })),
      q.k,
    );
  const needing = (model: string) =>
    [...rows.values()].filter((r) => r.embedding?.model !== model).map((r) => r.memory);

  return {
    rows,
    indexes,
    async insert(items) {
      for (const { memory, embedding } of items) {
        if (rows.has(memory.id)) throw new Error(`duplicate memory id ${memory.id}`);
        rows.set(memory.id, { memory: { ...memory }, embedding });
      }
    },
    async get(userId, id) {
      const row = rows.get(id);
      return row && row.memory.userId === userId ? { ...row.memory } : null;
    },
    async list(f) {
      return [...rows.values()]
        .map((r) => r.memory)
        .filter(
          (m) =>
            m.userId === f.userId &&
            (f.petId === undefined || m.petId === f.petId) &&
            (f.includeInactive || isActive(m, f.now)) &&
            (!f.categories || f.categories.includes(m.category)),
        )
        .map((m) => ({ ...m }));
    },
    async update(userId, id, patch) {
      const row = rows.get(id);
      if (!row || row.memory.userId !== userId) return;
      if (patch.text !== undefined) row.memory.text = patch.text;
      if (patch.occurredAt !== undefined) row.memory.occurredAt = patch.occurredAt;
      if (patch.expiresAt !== undefined) row.memory.expiresAt = patch.expiresAt;
      if (patch.embedding !== undefined) {
        row.embedding = patch.embedding;
        row.memory.embeddingModel = patch.embedding?.model ?? null;
      }
    },
    async supersede(userId, id, byId, at) {
      const row = rows.get(id);
      if (!row || row.memory.userId !== userId) return;
      row.memory.supersededAt = at;
      row.memory.supersededById = byId;
    },
    async deleteOne(userId, id) {
      const row = rows.get(id);
      if (!row || row.memory.userId !== userId) return false;
      return rows.delete(id);
    },
    async deleteAll(userId, petId) {
      let n = 0;
      for (const [id, r] of rows) {
        if (r.memory.userId === userId && (petId === undefined || r.memory.petId === petId)) {
          rows.delete(id);
          n++;
        }
      }
      return n;
    },
    async sweepExpired(now) {
      let n = 0;
      for (const [id, r] of rows) {
        if (r.memory.expiresAt !== null && r.memory.expiresAt.getTime() <= now.getTime()) {
          rows.delete(id);
          n++;
        }
      }
      return n;
    },
    async ensureVectorIndex(model, dimensions) {
      const key = `${model}/${dimensions}`;
      if (!indexes.includes(key)) indexes.push(key);
    },
    searchDense: dense,
    searchDenseExact: dense,
    async searchLexical(q) {
      const words = new Set(segmentWords(q.query));
      return top(
        scope(q)
          .map((r) => {
            const mine = segmentWords(r.memory.text);
            const hits = mine.filter((w) => words.has(w)).length;
            return { memory: r.memory, score: mine.length === 0 ? 0 : hits / mine.length };
          })
          .filter((h) => h.score > 0),
        q.k,
      );
    },
    async recent(q) {
      return scope(q)
        .map((r) => r.memory)
        .filter((m) => !q.categories || q.categories.includes(m.category))
        .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())
        .slice(0, q.k);
    },
    async needingEmbedding(model, limit) {
      return needing(model).slice(0, limit);
    },
    async countNeedingEmbedding(model) {
      return needing(model).length;
    },
    async setEmbedding(id, embedding) {
      const row = rows.get(id);
      if (!row) return;
      row.embedding = embedding;
      row.memory.embeddingModel = embedding.model;
    },
  };
}

export type FakeChats = Pick<
  ChatRepository,
  'closeIdleSessions' | 'sessionsToExtract' | 'markExtracted' | 'listMessages'
> & { sessions: Map<string, ChatSession>; messages: Message[] };

export function createFakeChats(): FakeChats {
  const sessions = new Map<string, ChatSession>();
  const messages: Message[] = [];
  const inPair = (s: ChatSession, pair?: { userId: string; petId: string }) =>
    !pair || (s.userId === pair.userId && s.petId === pair.petId);
  return {
    sessions,
    messages,
    async closeIdleSessions(idleBefore, at, pair) {
      const closed: ChatSession[] = [];
      for (const s of sessions.values()) {
        if (s.closedAt === null && inPair(s, pair) && s.lastMessageAt.getTime() < idleBefore.getTime()) {
          s.closedAt = at;
          closed.push({ ...s });
        }
      }
      return closed;
    },
    async sessionsToExtract(pair) {
      return [...sessions.values()]
        .filter((s) => s.closedAt !== null && s.extractedAt === null && inPair(s, pair))
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
        .map((s) => ({ ...s }));
    },
    async markExtracted(id, at) {
      const s = sessions.get(id);
      if (!s || s.extractedAt !== null) return false;
      s.extractedAt = at;
      return true;
    },
    async listMessages(sessionId) {
      return messages.filter((m) => m.sessionId === sessionId);
    },
  };
}

/** Adds a session with alternating user/pet messages one minute apart. */
export function addSession(
  chats: FakeChats,
  session: { id: string; userId?: string; petId?: string; startedAt: Date; closed?: boolean },
  lines: string[],
): ChatSession {
  const userId = session.userId ?? 'usr_1';
  const petId = session.petId ?? 'pet_1';
  const at = (i: number) => new Date(session.startedAt.getTime() + i * 60_000);
  lines.forEach((content, i) => {
    chats.messages.push({
      id: `${session.id}_msg_${i + 1}`,
      sessionId: session.id,
      userId,
      petId,
      role: i % 2 === 0 ? 'user' : 'pet',
      content,
      emotion: null,
      status: 'ok',
      idempotencyKey: null,
      replyToId: null,
      error: null,
      createdAt: at(i),
    });
  });
  const s: ChatSession = {
    id: session.id,
    userId,
    petId,
    startedAt: session.startedAt,
    lastMessageAt: at(Math.max(0, lines.length - 1)),
    closedAt: session.closed ? at(lines.length) : null,
    extractedAt: null,
  };
  chats.sessions.set(s.id, s);
  return s;
}

export type FakeEmbedder = Embedder & { calls: string[][]; failing: boolean };

/** Hashed bag of words: texts sharing words get a high cosine. `failing` makes every call throw. */
export function createFakeEmbedder(id = 'fake-bow-v1', dims = 64): FakeEmbedder {
  const embedder: FakeEmbedder = {
    id,
    kind: 'lexical',
    calls: [],
    failing: false,
    async dimensions() {
      return dims;
    },
    async embed(texts) {
      embedder.calls.push(texts);
      if (embedder.failing) throw new Error('embedding server unreachable');
      return texts.map((text) => {
        const v = new Array<number>(dims).fill(0);
        for (const word of segmentWords(text)) {
          let h = 2166136261;
          for (const ch of word) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
          v[(h >>> 0) % dims]! += 1;
        }
        return v;
      });
    },
  };
  return embedder;
}

/** A model that answers each call with the next JSON value (the last one repeats); records its calls. */
export function scriptedModel(...answers: unknown[]): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    doGenerate: async () => {
      const answer = answers[Math.min(call++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return {
        content: [{ type: 'text', text: typeof answer === 'string' ? answer : JSON.stringify(answer) }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 100, noCache: 100, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 20, text: 20, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
}

/** The prompt text a recorded call sent (system and user messages joined). */
export function promptText(model: MockLanguageModelV3, call = 0): string {
  const options = model.doGenerateCalls[call];
  if (!options) return '';
  return options.prompt
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : m.content
            .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
            .join(''),
    )
    .join('\n');
}
