import { describe, expect, it } from 'vitest';
import { createOutput } from './output.ts';
import { downloadProgress } from './runtime.ts';

function capture(isTTY: boolean) {
  const err: string[] = [];
  const out: string[] = [];
  const output = createOutput(false, {
    stdout: { write: (c: string) => out.push(c) },
    stderr: { write: (c: string) => err.push(c), isTTY },
  });
  return { output, err, out };
}

describe('downloadProgress', () => {
  it('says what is downloaded and its size, then reports progress on stderr only', () => {
    const { output, err, out } = capture(false);
    const report = downloadProgress({ out: output });
    const model = 'hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf';
    report({ model, downloadedBytes: 0, totalBytes: 1_120_000_000 });
    report({ model, downloadedBytes: 500_000_000, totalBytes: 1_120_000_000 });
    report({ model, downloadedBytes: 1_120_000_000, totalBytes: 1_120_000_000 });
    report({ model, downloadedBytes: 1_120_000_000, totalBytes: 1_120_000_000 });
    expect(out).toEqual([]);
    expect(err[0]).toContain('qwen2.5-1.5b-instruct-q4_k_m.gguf (1.1 GB)');
    expect(err[0]).toContain('resumes');
    // Not a TTY: plain lines (no carriage returns), ending with the whole file.
    expect(err.join('')).not.toContain('\r');
    expect(err.at(-1)).toMatch(/1120\/1120 100%/);
    expect(err.filter((line) => line.includes('100%'))).toHaveLength(1);
  });

  it('says where a resumed download starts', () => {
    const { output, err } = capture(true);
    downloadProgress({ out: output })({
      model: 'https://example.test/m.gguf',
      downloadedBytes: 300_000_000,
      totalBytes: 400_000_000,
    });
    expect(err[0]).toContain('m.gguf (400 MB, resuming at 300 MB)');
    expect(err[1]).toMatch(/^\r/);
  });
});
