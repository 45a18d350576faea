import { LIMITS, rejected } from '../rejected.ts';

/**
 * Active content in card text. Cards travel between web frontends that render `creator_notes` (and
 * sometimes other fields) as HTML, so a card can carry script. ipet refuses such cards instead of stripping
 * the markup: stripping would silently change the author's text and break the exact round trip, and the
 * user learns which field is the problem. Plain formatting HTML (`<b>`, `<img src>`, `<style>`) passes; the
 * web app must still escape or sanitise whatever it displays - this is defence in depth, not a sanitiser.
 */
const ACTIVE_TAG = /<\/?(script|iframe|frame|frameset|object|embed|applet|meta|base|link|portal)\b/i;
/** Inside one tag: an `on...=` handler (`<img src=x onerror=...>`, `<svg/onload=...>`) or `srcdoc=`. */
const EVENT_HANDLER = /[\s/"'](on[a-z]+)\s*=/i;
const SRCDOC = /[\s/"']srcdoc\s*=/i;
/** Schemes a browser runs as script. */
const SCRIPT_SCHEME = String.raw`(?:javascript|vbscript|livescript)\s*:`;
/**
 * `data:` of any type but a raster image, which a browser renders as a page or runs (`data:text/html`,
 * `data:image/svg+xml`, `data:application/javascript`). http(s), mailto, the V3 asset schemes (`embeded://`,
 * `ccdefault:`) and `data:image/png` are fine.
 */
const PAGE_DATA = String.raw`data\s*:\s*(?!image\/(?:png|jpe?g|gif|webp|avif|bmp)\b)[a-z]+\/[\w.+-]+`;
/**
 * A script URL where a URL goes: an attribute value, a markdown link target `(...)`, an autolink `<...>`
 * or a markdown reference definition `[x]: ...`.
 */
const SCRIPT_URL = new RegExp(
  String.raw`(?:[=(<]|\]:)\s*(?:["'\`]\s*)?(?:${SCRIPT_SCHEME}|${PAGE_DATA})`,
  'i',
);
/**
 * A field that is a script URL as a whole (asset `uri`s, avatar URLs in extensions). A non-space must follow
 * the colon, so prose that opens with "JavaScript: " passes.
 */
const SCRIPT_URL_FIELD = new RegExp(String.raw`^\s*(?:["'\`]\s*)?(?:${SCRIPT_SCHEME}\S|${PAGE_DATA})`, 'i');

const NAMED: Record<string, string> = {
  colon: ':',
  tab: '\t',
  newline: '\n',
  lpar: '(',
  sol: '/',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  amp: '&',
  equals: '=',
};

/** Undoes the encodings browsers undo before they look at a URL (entities, tabs and newlines in the scheme). */
function normaliseForUrls(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => safeChar(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => safeChar(Number.parseInt(dec, 10)))
    .replace(/&([a-z]+);/gi, (m, name: string) => NAMED[name.toLowerCase()] ?? m)
    .replace(/(?<=[a-z])[\t\n\r]+(?=[a-z:])/gi, '');
}

function safeChar(code: number): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/**
 * Looks at each tag (`<letter ... >`) once. A tag that starts inside an earlier one ends at the same `>`,
 * so jumping past the `>` misses nothing and keeps the scan linear even on `<a<a<a...` input.
 */
function findInTags(text: string): string | null {
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
    if (!/[a-z!]/i.test(text[at + 1] ?? '')) continue;
    const close = text.indexOf('>', at);
    const tag = text.slice(at, close === -1 ? text.length : close);
    const handler = EVENT_HANDLER.exec(tag);
    if (handler) return `contains an HTML event handler (${handler[1]!.toLowerCase()}=)`;
    if (SRCDOC.test(tag)) return 'contains an iframe srcdoc attribute';
    if (close === -1) return null;
    at = close;
  }
  return null;
}

/** Why `text` looks like active HTML, or null. */
export function findHostileMarkup(text: string): string | null {
  if (!/[<=(&:]/.test(text)) return null;
  const tag = ACTIVE_TAG.exec(text);
  if (tag) return `contains a <${tag[1]!.toLowerCase()}> tag`;
  const attribute = findInTags(text);
  if (attribute) return attribute;
  const urls = normaliseForUrls(text);
  if (SCRIPT_URL.test(urls) || SCRIPT_URL_FIELD.test(urls)) {
    return 'contains a script URL (javascript:, or data: that is not an image)';
  }
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkString(s: string, path: string, what: string): void {
  // The store keeps extensions as JSONB, which cannot hold NUL or half a UTF-16 pair.
  if (s.includes('\u0000')) throw rejected(what, `${path} contains a NUL character`, path);
  if (LONE_SURROGATE.test(s))
    throw rejected(what, `${path} contains invalid Unicode (a lone surrogate)`, path);
}

/**
 * Walks parsed card JSON once: bounded depth and size, no NUL or broken Unicode anywhere (keys included),
 * and no active HTML in any string value - known fields, lorebook entries and unknown extensions alike,
 * since all of them are kept and exported again.
 */
export function checkJsonTree(root: unknown, what: string): void {
  let nodes = 0;
  const visit = (value: unknown, path: string, depth: number): void => {
    if (++nodes > LIMITS.jsonNodes) throw rejected(what, `more than ${LIMITS.jsonNodes} JSON values`);
    if (depth > LIMITS.jsonDepth) throw rejected(what, `nested deeper than ${LIMITS.jsonDepth} levels`, path);
    if (typeof value === 'string') {
      checkString(value, path, what);
      const hostile = findHostileMarkup(value);
      if (hostile)
        throw rejected(
          what,
          `${path} ${hostile}`,
          path,
          'remove the markup from that field and import again',
        );
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, join(path, String(i)), depth + 1);
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        checkString(key, join(path, key), what);
        visit(item, join(path, key), depth + 1);
      }
    }
  };
  visit(root, '', 0);
}
