// The llm module's test entry, for other modules' tests: a tiny random-weight GGUF that node-llama-cpp runs
// on a CPU (code paths, never quality), built locally - no download.
export { buildTinyGguf, ensureTinyGguf, TINY_GGUF_SPEC } from '../local/testing/tiny-gguf.ts';
