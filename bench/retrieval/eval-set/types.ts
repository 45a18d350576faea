/**
 * The vocabulary of the shipped retrieval evaluation set (see generate.ts). A fact is something one speaker
 * tells the other once (the evidence turn); questions ask about it later in other words, as users do, while
 * follow-up turns in later sessions talk about the same topic without the detail asked for.
 */
export interface FactType {
  id: string;
  /** Slot values, drawn per use: `{name}` in any text below. */
  slots: Record<string, readonly string[]>;
  /** The evidence turn, first person, by the speaker the fact is about. */
  say: readonly string[];
  /** Single-hop questions about the detail (third person, `{A}` is the speaker). */
  ask: readonly string[];
  answer: string;
  /** Temporal questions ("when did ..."): answered by the evidence turn's session date. */
  when?: readonly string[];
  /** Questions that need a little inference from the evidence turn (LoCoMo's open-domain category). */
  infer?: readonly string[];
  inferAnswer?: string;
  /** Later turns on the same topic without the detail, by the speaker (`{A}`) or the listener (`{B}`). */
  later: readonly string[];
  /** Facts of one group combine into multi-hop questions (see `GroupType`). */
  group?: string;
}

export interface GroupType {
  id: string;
  /** `{A}` the speaker; the answer lists each fact's `{item}` slot. */
  ask: readonly string[];
}

export interface Language {
  code: 'en' | 'zh';
  names: readonly string[];
  facts: readonly FactType[];
  groups: readonly GroupType[];
  /** Small talk sharing everyday words with everything else. `{B}` is the other speaker. */
  smallTalk: readonly string[];
  /** The listener's replies to news. */
  reactions: readonly string[];
  greetings: readonly string[];
  farewells: readonly string[];
  /** The session date as LoCoMo writes it. */
  dateText(date: Date): string;
}
