/**
 * Writes ipet's retrieval evaluation set: long two-person conversations in English and Chinese, in the LoCoMo
 * file format, with questions whose evidence turns are known. Deterministic (seeded): run
 *
 *   npx tsx bench/retrieval/eval-set/generate.ts
 *
 * and commit the JSON it writes next to this file (`<lang>.tune.json` for tuning the fusion, `<lang>.test.json`
 * held out for measuring). No public benchmark's data is used or imitated beyond the file format.
 *
 * How the conversations are built: each speaker has facts (a pet, a trip, a new job...) told once, in one
 * session (the evidence turn); later sessions bring the topic back without the detail (hard negatives that
 * share the topic's words), and every session has greetings and small talk sharing everyday words. Questions
 * come weeks later in other words than the evidence (a ceramics course for a pottery class, a rescue puppy
 * for a dog from the shelter), as users ask; categories follow LoCoMo's numbering: 1 multi-hop (evidence in
 * several sessions), 2 temporal (answered by the session date), 3 open-domain (needs an inference), 4
 * single-hop.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, type Rng } from '../../lib/rng.ts';
import { chinese } from './chinese.ts';
import { english } from './english.ts';
import type { FactType, Language } from './types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const DAY_MS = 86_400_000;

export const SPLITS = { tune: 3, test: 4 } as const;

interface LocomoTurnOut {
  speaker: string;
  dia_id: string;
  text: string;
}

interface LocomoQaOut {
  question: string;
  answer: string;
  evidence: string[];
  category: number;
}

interface FactUse {
  type: FactType;
  subject: 0 | 1;
  values: Record<string, string>;
  session: number;
  turnId?: string;
  date?: Date;
}

function fill(
  template: string,
  names: [string, string],
  subject: 0 | 1,
  values: Record<string, string>,
): string {
  return template
    .replaceAll('{A}', names[subject])
    .replaceAll('{B}', names[1 - subject]!)
    .replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function dateOnly(lang: Language, date: Date): string {
  return lang.code === 'en'
    ? `${date.getUTCDate()} ${date.toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${date.getUTCFullYear()}`
    : `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
}

function sample(lang: Language, rng: Rng, id: string) {
  const [first, second] = shuffle(rng, lang.names);
  const names: [string, string] = [first!, second!];
  const sessions = 22 + rng.int(7);

  // Facts: about 20 per conversation, split between the speakers; grouped kinds (trips, pets, hobbies,
  // food) may come twice so that multi-hop questions and same-topic distractors exist.
  const uses: FactUse[] = [];
  for (const type of shuffle(rng, lang.facts)) {
    const times = type.group && rng.next() < 0.5 ? 2 : 1;
    for (let n = 0; n < times && uses.length < 22; n++) {
      const values: Record<string, string> = {};
      // A slot named "a+b" draws "x|y" pairs that belong together (a cuisine and its dish). A second use of a
      // kind of fact is about another item (a second trip goes somewhere else).
      const taken = new Set(uses.filter((u) => u.type === type).map((u) => u.values.item));
      for (let attempt = 0; attempt === 0 || (taken.has(values.item) && attempt < 20); attempt++) {
        for (const [slot, options] of Object.entries(type.slots)) {
          const parts = rng.pick(options).split('|');
          slot.split('+').forEach((key, i) => {
            values[key] = parts[i] ?? '';
          });
        }
      }
      uses.push({ type, subject: rng.next() < 0.5 ? 0 : 1, values, session: 1 + rng.int(sessions - 2) });
    }
  }

  const conversation: Record<string, unknown> = { speaker_a: names[0], speaker_b: names[1] };
  let date = new Date(Date.UTC(2023, rng.int(6), 1 + rng.int(28), 9 + rng.int(12), rng.int(4) * 15));
  for (let s = 1; s <= sessions; s++) {
    const turns: LocomoTurnOut[] = [];
    const say = (who: 0 | 1, text: string) => {
      const turn = { speaker: names[who], dia_id: `D${s}:${turns.length + 1}`, text };
      turns.push(turn);
      return turn;
    };
    const opener: 0 | 1 = rng.next() < 0.5 ? 0 : 1;
    const other = (who: 0 | 1): 0 | 1 => (who === 0 ? 1 : 0);
    say(opener, fill(rng.pick(lang.greetings), names, opener, {}));
    say(other(opener), fill(rng.pick(lang.smallTalk), names, other(opener), {}));
    for (let i = rng.int(3); i > 0; i--) {
      const who: 0 | 1 = rng.next() < 0.5 ? 0 : 1;
      say(who, fill(rng.pick(lang.smallTalk), names, who, {}));
    }
    // News of this session, each with the listener's reaction and sometimes a word more of small talk.
    for (const use of uses.filter((u) => u.session === s)) {
      const turn = say(use.subject, fill(rng.pick(use.type.say), names, use.subject, use.values));
      use.turnId = turn.dia_id;
      use.date = date;
      say(other(use.subject), fill(rng.pick(lang.reactions), names, other(use.subject), {}));
      if (rng.next() < 0.4) say(use.subject, fill(rng.pick(lang.smallTalk), names, use.subject, {}));
    }
    // Earlier topics come back without their detail.
    const earlier = uses.filter((u) => u.session < s);
    for (let i = Math.min(earlier.length, 1 + rng.int(3)); i > 0; i--) {
      const use = rng.pick(earlier);
      const line = rng.pick(use.type.later);
      const who = rng.next() < 0.5 ? use.subject : other(use.subject);
      say(who, fill(line, names, use.subject, use.values));
      if (rng.next() < 0.5) say(other(who), fill(rng.pick(lang.smallTalk), names, other(who), {}));
    }
    for (let i = rng.int(3); i > 0; i--) {
      const who: 0 | 1 = rng.next() < 0.5 ? 0 : 1;
      say(who, fill(rng.pick(lang.smallTalk), names, who, {}));
    }
    say(opener, fill(rng.pick(lang.farewells), names, opener, {}));
    say(other(opener), fill(rng.pick(lang.farewells), names, other(opener), {}));
    conversation[`session_${s}_date_time`] = lang.dateText(date);
    conversation[`session_${s}`] = turns;
    date = new Date(date.getTime() + (3 + rng.int(12)) * DAY_MS + (rng.int(9) - 4) * 3_600_000);
  }

  const qa: LocomoQaOut[] = [];
  for (const use of uses) {
    const ask = (template: string, answer: string, category: number) =>
      qa.push({
        question: fill(template, names, use.subject, use.values),
        answer: fill(answer, names, use.subject, use.values),
        evidence: [use.turnId!],
        category,
      });
    const templates = shuffle(rng, use.type.ask);
    ask(templates[0]!, use.type.answer, 4);
    if (templates[1] && rng.next() < 0.35) ask(templates[1], use.type.answer, 4);
    if (use.type.when && rng.next() < 0.5) ask(rng.pick(use.type.when), dateOnly(lang, use.date!), 2);
    if (use.type.infer && rng.next() < 0.6) ask(rng.pick(use.type.infer), use.type.inferAnswer ?? '', 3);
  }
  for (const group of lang.groups) {
    for (const subject of [0, 1] as const) {
      const mine = uses.filter((u) => u.type.group === group.id && u.subject === subject);
      if (mine.length < 2) continue;
      qa.push({
        question: fill(rng.pick(group.ask), names, subject, {}),
        answer: mine.map((u) => u.values.item ?? '').join(lang.code === 'en' ? ', ' : '、'),
        evidence: mine.map((u) => u.turnId!),
        category: 1,
      });
    }
  }
  return { sample_id: id, conversation, qa: shuffle(rng, qa) };
}

/** JSON as the repository's formatter (biome) writes it: two spaces, short lists of strings on one line. */
function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /\[\n\s+((?:"[^"\n]*",\n\s+)*"[^"\n]*")\n\s+\]/g,
    (_, inner: string) => `[${inner.split(/,\n\s+/).join(', ')}]`,
  );
}

function main(): void {
  for (const lang of [english, chinese]) {
    for (const [split, count] of Object.entries(SPLITS)) {
      const rng = createRng(
        lang.code === 'en' ? (split === 'tune' ? 1701 : 1702) : split === 'tune' ? 2701 : 2702,
      );
      const samples = Array.from({ length: count }, (_, i) =>
        sample(lang, rng, `${lang.code}-${split}-${i + 1}`),
      );
      const file = join(HERE, `${lang.code}.${split}.json`);
      writeFileSync(file, `${formatJson(samples)}\n`);
      const turns = samples.reduce(
        (n, s) =>
          n +
          Object.entries(s.conversation)
            .filter(([k]) => /^session_\d+$/.test(k))
            .reduce((m, [, v]) => m + (v as unknown[]).length, 0),
        0,
      );
      const questions = samples.reduce((n, s) => n + s.qa.length, 0);
      process.stdout.write(
        `${file}: ${samples.length} conversations, ${turns} turns, ${questions} questions\n`,
      );
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
