import { describe, expect, it } from 'vitest';
import { checkWellFormed } from '../testing/xml.ts';
import { escapeXml, renderWorldChart } from './chart.ts';
import { aRecord, aReport } from './fixtures.ts';

const records = [
  aRecord('normal', 'basic-info', [0, 3, 3, 2]),
  aRecord('normal', 'world-sim', [5, 5, 5, 4]),
  aRecord('normal', 'world-sim', [3, 4, 4, 2]),
  aRecord('memory', 'world-sim', [4, 4, 4, 3]),
  aRecord('memory', 'direct', null),
];

describe('renderWorldChart', () => {
  it('is a well-formed SVG with one bar per (type, method, metric) that has data', () => {
    const svg = renderWorldChart(aReport(records));
    expect(checkWellFormed(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // normal: 2 methods x 4 metrics; memory: world-sim only (direct failed) -> 12 bars
    expect(svg.match(/<rect [^>]*fill="#(9ca3af|0f766e|f59e0b|60a5fa)">/g)).toHaveLength(12);
    expect(svg).toContain('<title>World Simulation, Realism: 4.00 ± 1.41 (n=2)</title>');
    expect(svg.match(/class="panel"/g)).toHaveLength(2);
    expect(svg).not.toContain('SIMULATOR');
  });

  it('puts the SIMULATOR warning in the title and on the chart', () => {
    const svg = renderWorldChart(aReport(records, true));
    expect(checkWellFormed(svg)).toEqual([]);
    expect(svg).toMatch(/<title>SIMULATOR — these numbers measure nothing\. /);
    expect(svg).toMatch(/fill="#b91c1c"[^>]*>SIMULATOR — these numbers measure nothing<\/text>/);
  });

  it('the checker itself catches broken markup', () => {
    expect(checkWellFormed('<svg><g></svg>')).not.toEqual([]);
    expect(checkWellFormed('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(escapeXml(`<a & "b">`)).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });
});
