import { Fragment, type ReactNode } from 'react';

/** A run of text and how it is shown: `*actions*` in italics, `**bold**`. */
export interface TextRun {
  text: string;
  bold: boolean;
  italic: boolean;
}

/** How `{{user}}` / `<USER>` and `{{char}}` / `<BOT>` read (as the server resolves them in prompts). */
export interface CardNames {
  user: string;
  char: string;
}

export function resolveCardMacros(text: string, names: CardNames): string {
  return text
    .replace(/\{\{\s*user\s*\}\}|<USER>/gi, () => names.user)
    .replace(/\{\{\s*char\s*\}\}|<BOT>/gi, () => names.char);
}

const INLINE = /\*\*\*([^*\n]+?)\*\*\*|\*\*([^\n]+?)\*\*|\*([^*\n]+?)\*/g;

function inline(text: string, bold: boolean, italic: boolean): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0;
    if (at > last) runs.push({ text: text.slice(last, at), bold, italic });
    const [, both, strong, em] = match;
    if (both !== undefined) runs.push({ text: both, bold: true, italic: true });
    else if (strong !== undefined) runs.push(...inline(strong, true, italic));
    else if (em !== undefined) runs.push({ text: em, bold, italic: true });
    last = at + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), bold, italic });
  return runs.filter((r) => r.text !== '');
}

/**
 * Card and chat text as lines of styled runs: macros resolved, `***both***`, `**bold**`, `*italic*`; every
 * other character (HTML, links, `javascript:`) stays plain text. Unclosed markers are kept as written.
 */
export function parseCardText(text: string, names?: CardNames): TextRun[][] {
  const resolved = names ? resolveCardMacros(text, names) : text;
  return resolved
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => inline(line, false, false));
}

/** Renders card text as React elements (never HTML from the text): italics, bold, line breaks. */
export function CardText({ text, names }: { text: string; names?: CardNames }) {
  const lines = parseCardText(text, names);
  return (
    <>
      {lines.map((runs, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their position.
        <Fragment key={i}>
          {i > 0 && <br />}
          {runs.map((run, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: runs likewise.
            <Fragment key={j}>{styled(run)}</Fragment>
          ))}
        </Fragment>
      ))}
    </>
  );
}

function styled(run: TextRun): ReactNode {
  let node: ReactNode = run.text;
  if (run.italic) node = <em className="card-action">{node}</em>;
  if (run.bold) node = <strong>{node}</strong>;
  return node;
}
