import { describe, expect, it } from 'vitest';
import { aRecord, aReport } from './fixtures.ts';
import { renderWorldTable } from './table.ts';

const all = [
  aRecord('normal', 'basic-info', [0, 3, 3, 2]),
  aRecord('normal', 'direct', [4, 4, 4, 3]),
  aRecord('normal', 'world-sim', [5, 5, 5, 4]),
  aRecord('normal', 'world-sim', [4, 5, 4, 3]),
  aRecord('normal', 'no-outline', [4, 5, 5, 3]),
  aRecord('memory', 'basic-info', [1, 3, 2, 2]),
  aRecord('memory', 'direct', [5, 4, 4, 3]),
  aRecord('memory', 'world-sim', [5, 5, 4, 3]),
  aRecord('memory', 'no-outline', [4, 4, 5, 3]),
];

describe('renderWorldTable', () => {
  it("lays rows out like the paper's Table 1: type, method, four metrics, n", () => {
    const md = renderWorldTable(aReport(all));
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows[0]).toBe('| Type | Method | Realism | Consistency | Richness | Attraction | n |');
    expect(
      rows.slice(2, 10).map((r) =>
        r
          .split('|')
          .slice(1, 3)
          .map((c) => c.trim()),
      ),
    ).toEqual([
      ['Normal', 'Basic Information'],
      ['', 'Direct Generation'],
      ['', 'World Simulation'],
      ['', '- w/o outline'],
      ['Memory', 'Basic Information'],
      ['', 'Direct Generation'],
      ['', 'World Simulation'],
      ['', '- w/o outline'],
    ]);
    expect(rows[2]).toBe(
      '| Normal | Basic Information | 0.00 ± 0.00 | 3.00 ± 0.00 | 3.00 ± 0.00 | 2.00 ± 0.00 | 1 |',
    );
    // mean ± std with n, best per type and metric in bold (ties too)
    expect(rows[4]).toBe(
      '|  | World Simulation | **4.50 ± 0.71** | **5.00 ± 0.00** | 4.50 ± 0.71 | **3.50 ± 0.71** | 2 |',
    );
    expect(rows[5]).toContain('**5.00 ± 0.00**');
    expect(md).toContain('## Token cost per method');
    expect(md).toContain('| Normal | Basic Information | 3 | 1,000 / 200 | 4 | 400 / 80 |');
    expect(md).toContain("## The paper's Table 1, for comparison");
    expect(md).toContain('| Normal | Basic Information | 0.74 | 3.12 | 3.19 | 2.14 |');
    expect(md).not.toContain('SIMULATOR');
  });

  it('says SIMULATOR at the top when a model is the simulator, and counts failures', () => {
    const md = renderWorldTable(aReport([...all, aRecord('normal', 'direct', null)], true));
    expect(md.split('\n')[2]).toMatch(
      /^> \*\*SIMULATOR — these numbers measure nothing\.\*\* The companion model is the ipet simulator/,
    );
    expect(md).toContain('`companion-m` (SIMULATOR)');
    expect(md).toContain('1 job(s) failed');
  });
});
