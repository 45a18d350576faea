import { z } from 'zod';
import { describeIssue, formatIssue } from '../../core/index.ts';
import { SampleFileError } from '../common/samples.ts';

/**
 * The LoCoMo benchmark's file format (Maharana et al. 2024, snap-research/locomo): a JSON list of samples,
 * each a two-person conversation in numbered sessions and questions whose `evidence` names the turns
 * (`dia_id`, "D<session>:<turn>") that answer them. Only the fields the retrieval evaluation reads are
 * checked; everything else (summaries, observations, event lists) is ignored. A single sample object is
 * accepted as a list of one.
 */
const turnSchema = z.looseObject({
  speaker: z.string(),
  dia_id: z.string().trim().min(1),
  text: z.string(),
  /** The dataset's caption of a shared photo; questions sometimes ask about it. */
  blip_caption: z.string().optional(),
});

const qaSchema = z.looseObject({
  question: z.string().trim().min(1),
  answer: z.unknown().optional(),
  /** Malformed in places in the public data ("D1:3; D2:4", "D:11:26"): read leniently, see `evidenceIds`. */
  evidence: z.array(z.unknown()).default([]),
  category: z.union([z.number(), z.string()]).optional(),
});

const sampleSchema = z.looseObject({
  sample_id: z.union([z.string(), z.number()]).optional(),
  conversation: z.looseObject({ speaker_a: z.string(), speaker_b: z.string() }),
  qa: z.array(qaSchema),
});

export interface LocomoTurn {
  /** The dataset's `dia_id`, e.g. "D3:11". */
  id: string;
  session: number;
  speaker: string;
  /** "Speaker: text", with the photo caption when the turn shared one. */
  text: string;
  occurredAt: Date;
}

export interface LocomoQuestion {
  /** Position in the sample's `qa` list (0-based). */
  index: number;
  question: string;
  /** `category` as a string ("1".."5" in LoCoMo); "none" when absent. */
  category: string;
  /** Evidence turn ids found in the conversation, deduplicated, in the file's order. */
  evidence: string[];
  /** Evidence entries that named no turn of the conversation (or could not be read as turn ids). */
  unresolved: string[];
}

export interface LocomoSample {
  id: string;
  speakers: [string, string];
  turns: LocomoTurn[];
  questions: LocomoQuestion[];
}

/** What the loader had to repair or leave out, for the report. */
export interface LocomoLoadNotes {
  /** Sessions whose date could not be read: dated one day after the previous session. */
  undatedSessions: number;
  /** Turns with no text (left out). */
  emptyTurns: number;
  /** Turns repeating a `dia_id` already seen in the sample (the first is kept). */
  duplicateTurns: number;
  /**
   * Evidence entries other than exactly one turn id: "D1:3; D2:4" is read as the two ids it holds, an entry
   * with none ("D:11:26", a number) is left out.
   */
  malformedEvidence: number;
}

export interface LocomoFile {
  samples: LocomoSample[];
  notes: LocomoLoadNotes;
}

/** An evidence or turn id: "D<session>:<turn>". */
const TURN_ID = /D\d+:\d+/g;
/** Dates start here when no session of a sample has a readable date. */
const FALLBACK_START = Date.UTC(2023, 0, 1, 12);
const DAY_MS = 86_400_000;

/** Parses a LoCoMo file's text; `source` names it in errors. Throws `SampleFileError` naming the path. */
export function parseLocomo(text: string, source: string): LocomoFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SampleFileError(`${source}: not valid JSON`, [], {
      hint: 'give a LoCoMo-format file: a JSON list of { "conversation": {...}, "qa": [...] }',
    });
  }
  const list = Array.isArray(json) ? json : [json];
  if (list.length === 0) throw new SampleFileError(`${source}: the list of samples is empty`);
  const notes: LocomoLoadNotes = {
    undatedSessions: 0,
    emptyTurns: 0,
    duplicateTurns: 0,
    malformedEvidence: 0,
  };
  const samples = list.map((raw, i) => {
    const base: PropertyKey[] = Array.isArray(json) ? [i] : [];
    const parsed = sampleSchema.safeParse(raw);
    if (!parsed.success) throw shapeError(source, parsed.error, raw, base);
    return toSample(source, parsed.data, i, base, notes);
  });
  return { samples, notes };
}

function toSample(
  source: string,
  raw: z.infer<typeof sampleSchema>,
  index: number,
  base: PropertyKey[],
  notes: LocomoLoadNotes,
): LocomoSample {
  const conversation = raw.conversation as Record<string, unknown>;
  const sessions = Object.keys(conversation)
    .map((key) => /^session_(\d+)$/.exec(key))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[0], number: Number(m[1]) }))
    .sort((a, b) => a.number - b.number);
  if (sessions.length === 0) {
    throw new SampleFileError(
      `${source}: ${pathText([...base, 'conversation'])} has no sessions (session_1, session_2, ...)`,
    );
  }
  const turns: LocomoTurn[] = [];
  const seen = new Set<string>();
  let previous: number | null = null;
  for (const { key, number } of sessions) {
    const value = conversation[key];
    const parsed = z.array(turnSchema).safeParse(value);
    if (!parsed.success) throw shapeError(source, parsed.error, value, [...base, 'conversation', key]);
    let start = parseSessionDate(conversation[`${key}_date_time`]);
    if (start === null) {
      notes.undatedSessions++;
      start = previous === null ? FALLBACK_START : previous + DAY_MS;
    }
    previous = start;
    parsed.data.forEach((turn, i) => {
      const body = turn.text.trim();
      const caption = turn.blip_caption?.trim();
      if (body === '' && !caption) {
        notes.emptyTurns++;
        return;
      }
      if (seen.has(turn.dia_id)) {
        notes.duplicateTurns++;
        return;
      }
      seen.add(turn.dia_id);
      const speaker = turn.speaker.trim();
      turns.push({
        id: turn.dia_id,
        session: number,
        speaker,
        text: `${speaker}: ${body}${caption ? ` [shared a photo: ${caption}]` : ''}`.trim(),
        // a second per turn keeps the conversation's order within a session
        occurredAt: new Date((start as number) + i * 1000),
      });
    });
  }
  const questions = raw.qa.map((qa, i): LocomoQuestion => {
    const { ids, malformed } = evidenceIds(qa.evidence);
    notes.malformedEvidence += malformed;
    return {
      index: i,
      question: qa.question,
      category: qa.category === undefined ? 'none' : String(qa.category).trim() || 'none',
      evidence: ids.filter((id) => seen.has(id)),
      unresolved: ids.filter((id) => !seen.has(id)).concat(unreadable(qa.evidence)),
    };
  });
  const speakers: [string, string] = [raw.conversation.speaker_a.trim(), raw.conversation.speaker_b.trim()];
  return {
    id: raw.sample_id === undefined ? `sample-${index + 1}` : String(raw.sample_id),
    speakers,
    turns,
    questions,
  };
}

/**
 * The turn ids an evidence list names: every "D<n>:<m>" in each entry, so "D1:3; D2:4" gives two ids.
 * `malformed` counts entries that were not exactly one id.
 */
export function evidenceIds(evidence: readonly unknown[]): { ids: string[]; malformed: number } {
  const ids: string[] = [];
  let malformed = 0;
  for (const entry of evidence) {
    const found = typeof entry === 'string' ? (entry.match(TURN_ID) ?? []) : [];
    if (found.length !== 1 || typeof entry !== 'string' || found[0] !== entry.trim()) malformed++;
    for (const id of found) if (!ids.includes(id)) ids.push(id);
  }
  return { ids, malformed };
}

/** Entries that hold no turn id at all (numbers, "D:11:26"), as text. */
function unreadable(evidence: readonly unknown[]): string[] {
  return evidence
    .filter((e) => typeof e !== 'string' || (e.match(TURN_ID) ?? []).length === 0)
    .map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * A session's date: LoCoMo writes "1:56 pm on 8 May, 2023"; also read are ISO dates and Chinese dates
 * ("2023年5月8日 13:56"). Times are taken as UTC. `null` when unreadable.
 */
export function parseSessionDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const en = /^(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([a-z]+),?\s+(\d{4})$/i.exec(text);
  if (en) {
    const month = MONTHS.findIndex((m) => m.startsWith((en[5] as string).toLowerCase().slice(0, 3)));
    if (month < 0) return null;
    const hour = (Number(en[1]) % 12) + ((en[3] as string).toLowerCase() === 'pm' ? 12 : 0);
    return valid(Date.UTC(Number(en[6]), month, Number(en[4]), hour, Number(en[2])));
  }
  const zh = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号](?:\s*(\d{1,2})[:：](\d{2}))?/.exec(text);
  if (zh) {
    return valid(
      Date.UTC(Number(zh[1]), Number(zh[2]) - 1, Number(zh[3]), Number(zh[4] ?? 12), Number(zh[5] ?? 0)),
    );
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return valid(Date.parse(text));
  return null;
}

const valid = (ms: number) => (Number.isFinite(ms) ? ms : null);

function shapeError(source: string, error: z.ZodError, value: unknown, base: PropertyKey[]): SampleFileError {
  const issue = error.issues[0];
  const described = issue ? describeIssue(issue, value) : { path: '', message: 'is not valid' };
  const path = pathText([...base, ...(issue?.path ?? [])]);
  return new SampleFileError(
    `${source}: not a LoCoMo file: ${formatIssue({ ...described, path: path || 'the file' })}`,
    [{ path, message: described.message }],
    {
      hint: 'each sample is { "conversation": { "speaker_a", "speaker_b", "session_1": [ { "speaker", "dia_id", "text" } ], ... }, "qa": [ { "question", "evidence": ["D1:3"], "category" } ] }',
    },
  );
}

/** `[0].conversation.session_1[2].dia_id` */
function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
