/**
 * A minimal GGUF v3 writer (little-endian), written from the format's public description: header ("GGUF",
 * version, tensor count, key/value count), typed key/value metadata, tensor infos (name, dimensions with
 * the fastest-varying first, ggml type, offset into the data section), padding to the alignment, then the
 * tensor data, each tensor starting on an aligned offset. Only what the test model needs: scalar, string
 * and array metadata and F32 tensors.
 */

/** GGUF metadata value types. */
export const GgufType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;
type ScalarType = Exclude<(typeof GgufType)[keyof typeof GgufType], typeof GgufType.ARRAY>;

export type GgufValue =
  | { type: ScalarType; value: number | bigint | boolean | string }
  | { type: typeof GgufType.ARRAY; itemType: ScalarType; items: ReadonlyArray<number | boolean | string> };

export const u32 = (value: number): GgufValue => ({ type: GgufType.UINT32, value });
export const i32 = (value: number): GgufValue => ({ type: GgufType.INT32, value });
export const f32 = (value: number): GgufValue => ({ type: GgufType.FLOAT32, value });
export const bool = (value: boolean): GgufValue => ({ type: GgufType.BOOL, value });
export const str = (value: string): GgufValue => ({ type: GgufType.STRING, value });
export const array = (itemType: ScalarType, items: ReadonlyArray<number | boolean | string>): GgufValue => ({
  type: GgufType.ARRAY,
  itemType,
  items,
});

/** ggml tensor type F32. */
const GGML_TYPE_F32 = 0;
const MAGIC = 0x46554747; // the bytes "GGUF" read as a little-endian uint32
const VERSION = 3;
export const GGUF_ALIGNMENT = 32;

export interface GgufTensor {
  name: string;
  /** ggml order: the first dimension varies fastest (a [rows x cols] matrix is [cols, rows]). */
  dims: readonly number[];
  data: Float32Array;
}

/** Appends little-endian values to a growing buffer. */
class ByteSink {
  private buffer = Buffer.alloc(1 << 16);
  length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const next = Buffer.alloc(size);
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  u8(v: number) {
    this.reserve(1);
    this.length = this.buffer.writeUInt8(v, this.length);
  }
  i8(v: number) {
    this.reserve(1);
    this.length = this.buffer.writeInt8(v, this.length);
  }
  u16(v: number) {
    this.reserve(2);
    this.length = this.buffer.writeUInt16LE(v, this.length);
  }
  i16(v: number) {
    this.reserve(2);
    this.length = this.buffer.writeInt16LE(v, this.length);
  }
  u32(v: number) {
    this.reserve(4);
    this.length = this.buffer.writeUInt32LE(v, this.length);
  }
  i32(v: number) {
    this.reserve(4);
    this.length = this.buffer.writeInt32LE(v, this.length);
  }
  u64(v: number | bigint) {
    this.reserve(8);
    this.length = this.buffer.writeBigUInt64LE(BigInt(v), this.length);
  }
  i64(v: number | bigint) {
    this.reserve(8);
    this.length = this.buffer.writeBigInt64LE(BigInt(v), this.length);
  }
  f32(v: number) {
    this.reserve(4);
    this.length = this.buffer.writeFloatLE(v, this.length);
  }
  f64(v: number) {
    this.reserve(8);
    this.length = this.buffer.writeDoubleLE(v, this.length);
  }
  bytes(data: Uint8Array) {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }
  /** A GGUF string: uint64 byte length, then UTF-8 bytes without a terminator. */
  string(text: string) {
    const encoded = Buffer.from(text, 'utf8');
    this.u64(encoded.length);
    this.bytes(encoded);
  }
  padTo(alignment: number) {
    while (this.length % alignment !== 0) this.u8(0);
  }
  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function writeScalar(sink: ByteSink, type: ScalarType, value: number | bigint | boolean | string): void {
  const n = () => {
    if (typeof value !== 'number') throw new TypeError(`GGUF type ${type} needs a number`);
    return value;
  };
  switch (type) {
    case GgufType.UINT8:
      sink.u8(n());
      break;
    case GgufType.INT8:
      sink.i8(n());
      break;
    case GgufType.UINT16:
      sink.u16(n());
      break;
    case GgufType.INT16:
      sink.i16(n());
      break;
    case GgufType.UINT32:
      sink.u32(n());
      break;
    case GgufType.INT32:
      sink.i32(n());
      break;
    case GgufType.FLOAT32:
      sink.f32(n());
      break;
    case GgufType.FLOAT64:
      sink.f64(n());
      break;
    case GgufType.UINT64:
      sink.u64(typeof value === 'bigint' ? value : n());
      break;
    case GgufType.INT64:
      sink.i64(typeof value === 'bigint' ? value : n());
      break;
    case GgufType.BOOL:
      if (typeof value !== 'boolean') throw new TypeError('GGUF bool needs a boolean');
      sink.u8(value ? 1 : 0);
      break;
    case GgufType.STRING:
      if (typeof value !== 'string') throw new TypeError('GGUF string needs a string');
      sink.string(value);
      break;
  }
}

/** The whole GGUF file for `metadata` (in insertion order) and `tensors`. */
export function encodeGguf(metadata: ReadonlyMap<string, GgufValue>, tensors: readonly GgufTensor[]): Buffer {
  // Tensor data is copied as the host lays out floats, which must be little-endian.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
    throw new Error('big-endian hosts are not supported');
  const sink = new ByteSink();
  sink.u32(MAGIC);
  sink.u32(VERSION);
  sink.u64(tensors.length);
  sink.u64(metadata.size);
  for (const [key, entry] of metadata) {
    sink.string(key);
    sink.u32(entry.type);
    if (entry.type === GgufType.ARRAY) {
      sink.u32(entry.itemType);
      sink.u64(entry.items.length);
      for (const item of entry.items) writeScalar(sink, entry.itemType, item);
    } else {
      writeScalar(sink, entry.type, entry.value);
    }
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    if (elements !== tensor.data.length) {
      throw new RangeError(`tensor ${tensor.name}: ${tensor.data.length} values for dims ${tensor.dims}`);
    }
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offsets.push(offset);
    offset += Math.ceil((elements * 4) / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
  }
  sink.padTo(GGUF_ALIGNMENT);
  const dataStart = sink.length;
  tensors.forEach((tensor, i) => {
    while (sink.length < dataStart + (offsets[i] ?? 0)) sink.u8(0);
    const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    sink.bytes(bytes);
  });
  sink.padTo(GGUF_ALIGNMENT);
  return sink.result();
}
