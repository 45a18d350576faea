import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  array,
  bool,
  encodeGguf,
  f32,
  type GgufTensor,
  GgufType,
  type GgufValue,
  str,
  u32,
} from './gguf-writer.ts';

/**
 * A tiny llama-architecture GGUF with RANDOM (seeded) weights and a small real SentencePiece-style
 * tokenizer, for tests that must run node-llama-cpp end to end on a CPU without downloading anything.
 * It proves the code path (load, tokenize, chat template, grammar-constrained generation, streaming,
 * embeddings, aborts), never quality: the text it writes is noise.
 *
 * Tokenizer ("llama" = SentencePiece BPE in llama.cpp): <unk>, <s>, </s>, the ChatML markers, all 256 byte
 * tokens <0x00>..<0xFF> (byte fallback: any text can be encoded), "▁" (space), printable ASCII and a few
 * words. The chat template is ChatML, which node-llama-cpp recognises.
 *
 * Output rows of the special tokens are zero while the others are large, so with plain sampling the model
 * practically never ends a turn by itself (generation runs to maxTokens - useful for abort and timeout
 * tests); under a JSON grammar the end of the JSON leaves only end-of-turn tokens, so structured answers
 * do end. The byte tokens 0x80-0xFF get zero rows too: llama.cpp's grammar accepts invalid UTF-8 byte runs
 * inside JSON strings, which decode to U+FFFD characters and can then break a maxLength the grammar
 * enforced on the bytes; a real model seldom writes invalid UTF-8, random weights would all the time.
 */
export interface TinyGgufSpec {
  embeddingLength: number;
  blockCount: number;
  headCount: number;
  feedForwardLength: number;
  contextLength: number;
  seed: number;
}

export const TINY_GGUF_SPEC: TinyGgufSpec = {
  embeddingLength: 64,
  blockCount: 2,
  headCount: 4,
  feedForwardLength: 128,
  contextLength: 2048,
  seed: 20251122,
};

export const TINY_CHAT_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** SentencePiece token types as llama.cpp reads them. */
const TokenType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, BYTE: 6 } as const;

const SPECIAL = ['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>'] as const;
const WORDS = (
  '▁the ▁a ▁and ▁to ▁of ▁is ▁in ▁it ▁I ▁you ▁cat ▁dog ▁pet ▁day ▁walk ▁park ▁nap ▁tea ▁book ▁happy ' +
  '▁calm ▁sleepy ▁hello ▁morning ▁friend ing ed er ly ▁{ {" ": ", "} ▁" true false null ▁猫 ▁狗 的 是'
).split(' ');

export interface TinyVocab {
  tokens: string[];
  scores: number[];
  types: number[];
  bos: number;
  eos: number;
  unk: number;
  /** Ids the model never picks freely (zero output rows): control, unknown, and bytes 0x80-0xFF. */
  quiet: number[];
}

export function tinyVocab(): TinyVocab {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const add = (text: string, type: number, score: number) => {
    tokens.push(text);
    types.push(type);
    scores.push(score);
  };
  for (const special of SPECIAL) add(special, special === '<unk>' ? TokenType.UNKNOWN : TokenType.CONTROL, 0);
  for (let byte = 0; byte < 256; byte++) {
    add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, TokenType.BYTE, 0);
  }
  const normal = ['▁'];
  for (let code = 0x21; code <= 0x7e; code++) normal.push(String.fromCharCode(code));
  // Every prefix of a word too: SentencePiece merges neighbouring pieces only into pieces it knows.
  for (const word of WORDS) {
    const chars = Array.from(word);
    for (let end = 2; end <= chars.length; end++) normal.push(chars.slice(0, end).join(''));
  }
  const seen = new Set<string>();
  for (const piece of normal) {
    if (seen.has(piece)) continue;
    seen.add(piece);
    // Longer pieces score higher, so the tokenizer merges characters into the words it knows.
    add(piece, TokenType.NORMAL, Array.from(piece).length - seen.size / 1000);
  }
  return {
    tokens,
    scores,
    types,
    unk: 0,
    bos: 1,
    eos: tokens.indexOf('<|im_end|>'),
    quiet: tokens.flatMap((token, id) => {
      if (types[id] === TokenType.NORMAL) return [];
      if (types[id] === TokenType.BYTE && Number.parseInt(token.slice(3, 5), 16) < 0x80) return [];
      return [id];
    }),
  };
}

/** mulberry32: a small seeded generator, so the file is the same on every machine. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The metadata and tensors of the tiny model. */
export function tinyModel(spec: TinyGgufSpec = TINY_GGUF_SPEC): {
  metadata: Map<string, GgufValue>;
  tensors: GgufTensor[];
} {
  const vocab = tinyVocab();
  const n = vocab.tokens.length;
  const { embeddingLength: d, feedForwardLength: ff, headCount: heads } = spec;
  if (d % heads !== 0) throw new RangeError('embeddingLength must be a multiple of headCount');
  const random = seeded(spec.seed);
  const uniform = (count: number, scale: number) => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = (random() * 2 - 1) * scale;
    return out;
  };
  const ones = (count: number) => new Float32Array(count).fill(1);
  const matrix = (name: string, inputs: number, outputs: number, scale = 1 / Math.sqrt(inputs)) => ({
    name,
    dims: [inputs, outputs],
    data: uniform(inputs * outputs, scale),
  });

  const output = matrix('output.weight', d, n, 2);
  for (const id of vocab.quiet) output.data.fill(0, id * d, (id + 1) * d);
  const tensors: GgufTensor[] = [matrix('token_embd.weight', d, n, 1)];
  for (let block = 0; block < spec.blockCount; block++) {
    const b = `blk.${block}`;
    tensors.push(
      { name: `${b}.attn_norm.weight`, dims: [d], data: ones(d) },
      matrix(`${b}.attn_q.weight`, d, d),
      matrix(`${b}.attn_k.weight`, d, d),
      matrix(`${b}.attn_v.weight`, d, d),
      matrix(`${b}.attn_output.weight`, d, d),
      { name: `${b}.ffn_norm.weight`, dims: [d], data: ones(d) },
      matrix(`${b}.ffn_gate.weight`, d, ff),
      matrix(`${b}.ffn_up.weight`, d, ff),
      matrix(`${b}.ffn_down.weight`, ff, d),
    );
  }
  tensors.push({ name: 'output_norm.weight', dims: [d], data: ones(d) }, output);

  const metadata = new Map<string, GgufValue>([
    ['general.architecture', str('llama')],
    ['general.name', str('ipet tiny random test model')],
    ['general.alignment', u32(32)],
    ['general.file_type', u32(0)],
    ['llama.context_length', u32(spec.contextLength)],
    ['llama.embedding_length', u32(d)],
    ['llama.block_count', u32(spec.blockCount)],
    ['llama.feed_forward_length', u32(ff)],
    ['llama.attention.head_count', u32(heads)],
    ['llama.attention.head_count_kv', u32(heads)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
    ['llama.rope.dimension_count', u32(d / heads)],
    ['llama.rope.freq_base', f32(10000)],
    ['llama.vocab_size', u32(n)],
    ['tokenizer.ggml.model', str('llama')],
    ['tokenizer.ggml.tokens', array(GgufType.STRING, vocab.tokens)],
    ['tokenizer.ggml.scores', array(GgufType.FLOAT32, vocab.scores)],
    ['tokenizer.ggml.token_type', array(GgufType.INT32, vocab.types)],
    ['tokenizer.ggml.bos_token_id', u32(vocab.bos)],
    ['tokenizer.ggml.eos_token_id', u32(vocab.eos)],
    ['tokenizer.ggml.unknown_token_id', u32(vocab.unk)],
    ['tokenizer.ggml.add_bos_token', bool(true)],
    ['tokenizer.ggml.add_eos_token', bool(false)],
    ['tokenizer.chat_template', str(TINY_CHAT_TEMPLATE)],
  ]);
  return { metadata, tensors };
}

/** The tiny model as GGUF bytes (deterministic for a spec). */
export function buildTinyGguf(spec: TinyGgufSpec = TINY_GGUF_SPEC): Buffer {
  const { metadata, tensors } = tinyModel(spec);
  return encodeGguf(metadata, tensors);
}

/**
 * Where the cached file lives: under the OS temp directory, named by a hash of the spec and of the source
 * of this generator and the writer, so any change to either builds a new file.
 */
export function tinyGgufPath(
  spec: TinyGgufSpec = TINY_GGUF_SPEC,
  dir = join(tmpdir(), 'ipet-test-cache'),
): string {
  const hash = createHash('sha256').update(JSON.stringify(spec));
  for (const file of ['./tiny-gguf.ts', './gguf-writer.ts'])
    hash.update(readFileSync(new URL(file, import.meta.url)));
  return join(dir, `ipet-tiny-llama-${hash.digest('hex').slice(0, 12)}.gguf`);
}

/**
 * The tiny model's file, built on first use and then reused (the name carries a hash of everything that
 * shapes its content). Written to a temporary name and renamed, so concurrent test files never see half a
 * file.
 */
export async function ensureTinyGguf(
  spec: TinyGgufSpec = TINY_GGUF_SPEC,
  dir = join(tmpdir(), 'ipet-test-cache'),
): Promise<string> {
  const path = tinyGgufPath(spec, dir);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  const partial = `${path}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, buildTinyGguf(spec));
  await rename(partial, path);
  return path;
}
