import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IpetConfig, loadConfig, openRuntime, type Runtime } from '../app/index.ts';
import { silentLogger } from '../core/index.ts';
import { buildTinyGguf } from '../llm/testing/index.ts';
import { aMemory, aPet, aUser, seed } from '../test/index.ts';
import { diagnose } from './commands/doctor.ts';
import { startEmbedderUpkeep } from './embedder-upkeep.ts';

/**
 * The automatic embedder under `ipet up`/`serve`: a local language model and no embedding model named. The
 * embedding model (a tiny GGUF served on 127.0.0.1 stands for BGE-M3's `hf:` file: no network) is not on
 * disk at start, so the process starts on the lexical fallback; the upkeep downloads it in the background,
 * the models switch, and the memories embedded by the fallback are re-embedded with the new model.
 */
const gguf = buildTinyGguf();
let server: Server;
let modelUrl: string;
let served = 0;
const dirs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'GET') served++;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(gguf.length) });
    res.end(req.method === 'HEAD' ? undefined : gguf);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  modelUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tiny-embed.gguf`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function config(): IpetConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'ipet-upkeep-'));
  dirs.push(dataDir);
  const base = loadConfig({ IPET_DATA_DIR: dataDir, IPET_LLM_MODEL_PATH: '/nowhere/chat.gguf' });
  expect(base.embedding).toMatchObject({ kind: 'local', model: 'default', automatic: true });
  return {
    ...base,
    store: { kind: 'pglite', dataDir: 'memory://' },
    // The default's `hf:` file, served locally instead.
    embedding: { kind: 'local', model: modelUrl, modelsDir: join(dataDir, 'models'), automatic: true },
  };
}

describe('embedder upkeep (ipet up / serve)', () => {
  let rt: Runtime;
  afterAll(() => rt?.close());

  it('starts on the lexical fallback, downloads the model, switches to it and re-embeds the memories', async () => {
    rt = await openRuntime(config(), { logger: silentLogger });
    expect(rt.embedding).toMatchObject({ automatic: true, status: 'not-downloaded' });
    expect(rt.models.embedder.kind).toBe('lexical');
    expect(served).toBe(0); // opening never downloads

    const user = aUser({ id: 'usr_up' });
    const pet = aPet({ id: 'pet_up', ownerId: user.id });
    await seed(rt.store, { users: [user], pets: [pet] });
    const lexical = rt.models.embedder;
    const texts = ['likes green tea', 'has a sister called Mia', 'runs on Sundays'];
    const vectors = await lexical.embed(texts);
    await rt.store.memories.insert(
      texts.map((text, i) => ({
        memory: aMemory({ id: `mem_up_${i}`, userId: user.id, petId: pet.id, text, expiresAt: null }),
        embedding: { model: lexical.id, vector: vectors[i]! },
      })),
    );

    const notes: string[] = [];
    const upkeep = startEmbedderUpkeep(rt, { note: (line) => notes.push(line) });
    await upkeep.settled; // the models are final here (ipet up prepares the language model then)
    expect(rt.models.embedder.kind).toBe('local');
    await upkeep.done;
    const downloads = served;
    expect(downloads).toBeGreaterThan(0);
    expect(rt.embedding).toMatchObject({ automatic: true, status: 'downloaded', warning: null });
    expect(rt.models.embedder).toMatchObject({ kind: 'local', id: 'local:tiny-embed.gguf' });
    expect(notes).toEqual([
      expect.stringMatching(/^downloading the embedding model .*tiny-embed\.gguf in the background/),
      'the embedding model is ready: memories are searched by meaning with local:tiny-embed.gguf',
      expect.stringMatching(
        /^3 memories have vectors of another embedding model .* re-embedding them with local:tiny-embed\.gguf/,
      ),
      're-embedded 3 memories with local:tiny-embed.gguf',
    ]);
    expect(await rt.store.memories.countNeedingEmbedding('local:tiny-embed.gguf')).toBe(0);
    const [memory] = await rt.store.memories.list({ userId: user.id, petId: pet.id, now: new Date() });
    expect(memory?.embeddingModel).toBe('local:tiny-embed.gguf');

    // The next start finds the file and the vectors current: nothing to download, nothing to say.
    const again: string[] = [];
    const next = startEmbedderUpkeep(rt, { note: (line) => again.push(line) });
    await next.done;
    expect(again).toEqual([]);
    expect(served).toBe(downloads);
  }, 120_000);

  it('keeps a failed download on the lexical fallback and names the command instead of re-embedding', async () => {
    const c = config();
    const broken = {
      ...c,
      embedding: { ...c.embedding, model: 'http://127.0.0.1:1/none.gguf' },
    } as IpetConfig;
    const other = await openRuntime(broken, { logger: silentLogger });
    try {
      const user = aUser({ id: 'usr_fb' });
      const pet = aPet({ id: 'pet_fb', ownerId: user.id });
      await seed(other.store, {
        users: [user],
        pets: [pet],
        memories: [aMemory({ id: 'mem_fb', userId: user.id, petId: pet.id, expiresAt: null })],
      });
      const notes: string[] = [];
      await startEmbedderUpkeep(other, { note: (line) => notes.push(line) }).done;
      expect(other.embedding).toMatchObject({ automatic: true, status: 'failed' });
      expect(other.models.embedder.kind).toBe('lexical');
      expect(notes[1]).toMatch(
        /none\.gguf could not be downloaded .*offline lexical embedder.*IPET_EMBED_MODEL_PATH/,
      );
      expect(notes[2]).toMatch(/^1 memories have no vector of the embedder in use .*run `ipet reindex`/);
      expect(await other.store.memories.countNeedingEmbedding(other.models.embedder.id)).toBe(1);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('ipet doctor retries a remembered failed download of the automatic embedder, and the models switch', async () => {
    const c = config();
    if (c.embedding.kind !== 'local') throw new Error('expected the automatic embedder');
    mkdirSync(c.embedding.modelsDir, { recursive: true });
    const at = '2026-01-01T00:00:00.000Z';
    writeFileSync(
      join(c.embedding.modelsDir, 'download-failures.json'),
      JSON.stringify({
        version: 1,
        failures: { [modelUrl]: { message: 'offline earlier', hint: null, at } },
      }),
    );
    const notes: string[] = [];
    const report = await diagnose(() => c, { note: (line) => notes.push(line) });
    expect(notes).toContain(`the download of ${modelUrl} failed at ${at}; retrying it once now...`);
    expect(report.retriedDownloads).toEqual([
      expect.objectContaining({ role: 'embedding', model: modelUrl, failedAt: at, ok: true, error: null }),
    ]);
    expect(report.embedding).toMatchObject({ kind: 'local', id: 'local:tiny-embed.gguf', answerOk: true });
  }, 120_000);
});
