import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { array, encodeGguf, GgufType, str, u32 } from './gguf-writer.ts';
import { buildTinyGguf, ensureTinyGguf, TINY_GGUF_SPEC, tinyModel, tinyVocab } from './tiny-gguf.ts';

/** An independent little reader of what the writer must produce (header, metadata, tensor infos). */
function readGguf(buf: Buffer) {
  let pos = 0;
  const u32le = () => {
    const v = buf.readUInt32LE(pos);
    pos += 4;
    return v;
  };
  const u64le = () => {
    const v = Number(buf.readBigUInt64LE(pos));
    pos += 8;
    return v;
  };
  const string = () => {
    const n = u64le();
    const s = buf.toString('utf8', pos, pos + n);
    pos += n;
    return s;
  };
  const scalar = (type: number): unknown => {
    switch (type) {
      case GgufType.UINT32:
        return u32le();
      case GgufType.INT32: {
        const v = buf.readInt32LE(pos);
        pos += 4;
        return v;
      }
      case GgufType.FLOAT32: {
        const v = buf.readFloatLE(pos);
        pos += 4;
        return v;
      }
      case GgufType.BOOL:
        return buf[pos++] === 1;
      case GgufType.STRING:
        return string();
      default:
        throw new Error(`type ${type} not expected`);
    }
  };
  const magic = buf.toString('latin1', 0, 4);
  pos = 4;
  const version = u32le();
  const tensorCount = u64le();
  const kvCount = u64le();
  const metadata = new Map<string, unknown>();
  for (let i = 0; i < kvCount; i++) {
    const key = string();
    const type = u32le();
    if (type === GgufType.ARRAY) {
      const itemType = u32le();
      const count = u64le();
      metadata.set(
        key,
        Array.from({ length: count }, () => scalar(itemType)),
      );
    } else metadata.set(key, scalar(type));
  }
  const tensors = Array.from({ length: tensorCount }, () => {
    const name = string();
    const dims = Array.from({ length: u32le() }, () => u64le());
    return { name, dims, type: u32le(), offset: u64le() };
  });
  const dataStart = Math.ceil(pos / 32) * 32;
  return { magic, version, metadata, tensors, dataStart };
}

describe('GGUF writer', () => {
  it('writes header, metadata, aligned tensor infos and data that read back', () => {
    const data = new Float32Array([1.5, -2, 3.25]);
    const buf = encodeGguf(
      new Map([
        ['general.architecture', str('llama')],
        ['n', u32(7)],
        ['list', array(GgufType.STRING, ['a', 'é'])],
      ]),
      [
        { name: 'a', dims: [3], data },
        { name: 'b', dims: [1, 2], data: new Float32Array([4, 5]) },
      ],
    );
    const file = readGguf(buf);
    expect(file).toMatchObject({ magic: 'GGUF', version: 3 });
    expect(Object.fromEntries(file.metadata)).toEqual({
      'general.architecture': 'llama',
      n: 7,
      list: ['a', 'é'],
    });
    expect(file.tensors).toEqual([
      { name: 'a', dims: [3], type: 0, offset: 0 },
      { name: 'b', dims: [1, 2], type: 0, offset: 32 },
    ]);
    expect(buf.readFloatLE(file.dataStart + 4)).toBe(-2);
    expect(buf.readFloatLE(file.dataStart + 32 + 4)).toBe(5);
    expect(buf.length % 32).toBe(0);
  });

  it('rejects a tensor whose data does not fit its dimensions', () => {
    expect(() => encodeGguf(new Map(), [{ name: 'x', dims: [2, 2], data: new Float32Array(3) }])).toThrow(
      RangeError,
    );
  });
});

describe('the tiny test model', () => {
  it('has llama metadata, a SentencePiece vocabulary with byte fallback, and matching tensor shapes', () => {
    const file = readGguf(buildTinyGguf());
    const m = file.metadata;
    const vocab = tinyVocab();
    expect(m.get('general.architecture')).toBe('llama');
    expect(m.get('llama.embedding_length')).toBe(TINY_GGUF_SPEC.embeddingLength);
    expect(m.get('tokenizer.ggml.model')).toBe('llama');
    expect(m.get('tokenizer.ggml.tokens')).toEqual(vocab.tokens);
    expect(vocab.tokens).toContain('<0x0A>');
    expect(vocab.tokens.filter((t) => /^<0x[0-9A-F]{2}>$/.test(t))).toHaveLength(256);
    expect(vocab.tokens[vocab.eos]).toBe('<|im_end|>');
    expect(new Set(vocab.tokens).size).toBe(vocab.tokens.length);
    expect(String(m.get('tokenizer.chat_template'))).toContain('<|im_start|>');
    const embd = file.tensors.find((t) => t.name === 'token_embd.weight');
    expect(embd?.dims).toEqual([TINY_GGUF_SPEC.embeddingLength, vocab.tokens.length]);
    expect(file.tensors.filter((t) => t.name.startsWith('blk.'))).toHaveLength(9 * TINY_GGUF_SPEC.blockCount);
    for (const t of file.tensors) expect(t.offset % 32).toBe(0);
  });

  it('is deterministic, gives end-of-turn and high byte tokens no output weight, and is cached once built', async () => {
    expect(buildTinyGguf().equals(buildTinyGguf())).toBe(true);
    const { tensors } = tinyModel();
    const output = tensors.find((t) => t.name === 'output.weight')!;
    const d = TINY_GGUF_SPEC.embeddingLength;
    const vocab = tinyVocab();
    const row = (id: number) => output.data.subarray(id * d, (id + 1) * d);
    expect(row(vocab.eos).every((v) => v === 0)).toBe(true);
    expect(row(vocab.tokens.indexOf('<0xC3>')).every((v) => v === 0)).toBe(true);
    expect(row(vocab.tokens.indexOf('<0x41>')).some((v) => v !== 0)).toBe(true);
    expect(row(vocab.tokens.indexOf('▁cat')).some((v) => v !== 0)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'ipet-gguf-'));
    const path = await ensureTinyGguf(TINY_GGUF_SPEC, dir);
    const built = statSync(path).mtimeMs;
    expect(await ensureTinyGguf(TINY_GGUF_SPEC, dir)).toBe(path);
    expect(statSync(path).mtimeMs).toBe(built);
    expect(readFileSync(path).equals(buildTinyGguf())).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
