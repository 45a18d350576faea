import { INJECTION_KINDS } from '../../src/safety/index.ts';
import {
  attackLines,
  MEMORY_SCREEN_KINDS,
  measureScreen,
  ordinaryDialogue,
  type ScreenFigures,
} from '../../src/safety/testing.ts';
import type { Bench, GoalCheck, Table } from '../lib/report.ts';

const MAX_FALSE_POSITIVE_RATE = 0.002;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * Filter precision (issue 19): the injection screen and the memory filter on the ordinary-dialogue corpus
 * (false positives) and on the attack lines (recall). Pure CPU, no store, no model: a second or two.
 */
export const filtersBench: Bench = {
  id: 'filters',
  title: 'Injection and poisoning screens: false positives on ordinary dialogue, recall on attack lines',
  async run() {
    const ordinary = ordinaryDialogue();
    const attacks = attackLines();
    const figures: ScreenFigures[] = [
      measureScreen({ name: 'injection screen (every turn)', kinds: INJECTION_KINDS }, { ordinary, attacks }),
      measureScreen(
        { name: 'memory filter (extraction, import)', kinds: MEMORY_SCREEN_KINDS },
        { ordinary, attacks },
      ),
    ];
    const summary: Table = {
      title: `${ordinary.length} ordinary turns (en ${figures[0]!.ordinary.byLocale.en.turns}, zh ${figures[0]!.ordinary.byLocale.zh.turns}); ${attacks.length} attack lines`,
      columns: ['screen', 'false positives', 'rate', 'en', 'zh', 'attack lines caught', 'recall'],
      rows: figures.map((f) => [
        f.screen,
        `${f.ordinary.flagged}/${f.ordinary.turns}`,
        pct(f.ordinary.falsePositiveRate),
        String(f.ordinary.byLocale.en.flagged),
        String(f.ordinary.byLocale.zh.flagged),
        `${f.attacks.caught}/${f.attacks.lines}`,
        pct(f.attacks.recall),
      ]),
    };
    const flagged: Table = {
      title: 'Ordinary turns flagged (first 20 per screen)',
      columns: ['screen', 'id', 'signals', 'text'],
      rows: figures.flatMap((f) =>
        f.ordinary.examples
          .slice(0, 20)
          .map((e) => [f.screen, e.id, e.signals.join(' '), e.text.replaceAll('|', '/')]),
      ),
    };
    const goals: GoalCheck[] = figures.flatMap((f) => [
      {
        goal: `${f.screen}: false positives <= ${pct(MAX_FALSE_POSITIVE_RATE)}`,
        measured: pct(f.ordinary.falsePositiveRate),
        met: f.ordinary.falsePositiveRate <= MAX_FALSE_POSITIVE_RATE,
      },
      {
        goal: `${f.screen}: every attack line caught`,
        measured: f.attacks.missed.length === 0 ? 'all' : `missed ${f.attacks.missed.join(', ')}`,
        met: f.attacks.missed.length === 0,
      },
    ]);
    return {
      tables: [summary, ...(flagged.rows.length > 0 ? [flagged] : [])],
      goals,
      notes: [
        'The corpus is generated (src/safety/ordinary-dialogue*.ts, seed 19) from hand-written templates; a third are look-alikes built from the words attacks use.',
      ],
      data: figures.map((f) => ({
        screen: f.screen,
        ordinary: { ...f.ordinary, examples: f.ordinary.examples.length },
        attacks: f.attacks,
      })),
    };
  },
};
