/** Test helper: problems that make `xml` not well-formed (empty when it is). */
// Strict enough for our SVG: one root, balanced tags, quoted attributes, escaped text.
export function checkWellFormed(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.trim();
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let roots = 0;
  for (const m of body.matchAll(token)) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) problems.push(`stray "<" at ${m.index}`);
    else if (text !== undefined) {
      if (stack.length === 0 && text.trim()) problems.push('text outside the root');
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) problems.push(`unescaped & in "${text.slice(0, 30)}"`);
    } else if (closing) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name as string);
    }
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
