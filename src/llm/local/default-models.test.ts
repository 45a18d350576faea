import { describe, expect, it } from 'vitest';
import { modelFileLabel } from './default-models.ts';

describe('modelFileLabel', () => {
  it('names the file of paths, URLs and hf: URIs, and the repo and quant of short hf: URIs', () => {
    expect(modelFileLabel('/models/my-model.Q4_K_M.gguf', 'language')).toBe('my-model.Q4_K_M.gguf');
    expect(modelFileLabel('https://host/x/y/bge.gguf?download=1', 'embedding')).toBe('bge.gguf');
    expect(modelFileLabel('hf:user/repo/sub/file.gguf', 'language')).toBe('file.gguf');
    expect(modelFileLabel('hf:user/repo-GGUF:Q4_K_M', 'language')).toBe('repo-GGUF:Q4_K_M');
    expect(modelFileLabel('default', 'language')).toBe('qwen2.5-1.5b-instruct-q4_k_m.gguf');
    expect(modelFileLabel('default', 'embedding')).toBe('bge-m3-Q4_K_M.gguf');
  });
});
