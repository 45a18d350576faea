import { describe, expect, it } from 'vitest';
import { createProgressBar } from './output.ts';

function stream(isTTY = false) {
  const lines: string[] = [];
  return { lines, isTTY, write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) };
}

describe('createProgressBar without a TTY', () => {
  it('prints a line every 10 s while one item is stuck, not one per tick', () => {
    let t = 0;
    const err = stream();
    const bar = createProgressBar('night', 1, err, { now: () => t });
    // 25 minutes of one-second polls whose info changes every time (calls keep growing).
    for (let i = 0; i < 1500; i++) {
      t += 1000;
      bar.tick(0, `calls ${i}`);
    }
    t += 1000;
    bar.tick(1, 'calls 1500');
    bar.done('calls 1500');
    expect(err.lines.length).toBeLessThanOrEqual(1500 / 10 + 2);
    expect(err.lines.length).toBeGreaterThan(100);
    expect(err.lines.at(-1)).toMatch(/^night \S+ 1\/1 100% eta 0s calls 1500$/);
    expect(err.lines[0]).toMatch(/0\/1 0% eta \? calls 0$/);
  });

  it('prints a line for every tenth of the items done, however fast they finish', () => {
    const err = stream();
    const bar = createProgressBar('night', 1000, err, { now: () => 0 });
    for (let i = 0; i < 1000; i++) bar.tick(1);
    bar.done();
    // The first item, then every hundredth (101, 201 ... 901), then the last.
    expect(err.lines.length).toBe(11);
    expect(err.lines.at(-1)).toMatch(/1000\/1000 100%/);
  });

  it('stays quiet when nothing but the clock changes', () => {
    let t = 0;
    const err = stream();
    const bar = createProgressBar('night', 2, err, { now: () => t });
    for (let i = 0; i < 600; i++) {
      t += 1000;
      bar.tick(0, 'calls 3');
    }
    expect(err.lines).toHaveLength(1);
  });

  it('redraws in place on a TTY', () => {
    const chunks: string[] = [];
    const bar = createProgressBar('night', 2, { isTTY: true, write: (c: string) => chunks.push(c) });
    bar.tick(1);
    bar.done();
    expect(chunks).toHaveLength(2);
    expect(chunks.every((c) => c.startsWith('\r\x1b[2K'))).toBe(true);
    expect(chunks.at(-1)?.endsWith('\n')).toBe(true);
  });
});
