/**
 * Inline Markdown (code spans, strong, emphasis, strike-through, links, autolinks, hard breaks)
 * parsed into plain data. Nothing here produces HTML: the view turns nodes into elements, and
 * any text — `<script>` included — stays text.
 */

export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "strong" | "em" | "del"; readonly children: Inline[] }
  | { readonly kind: "link"; readonly href: string; readonly children: Inline[] }
  | { readonly kind: "break" };

/** Schemes a link may use; anything else (javascript:, data:, vbscript:) is shown as text. */
const SAFE_SCHEME = /^(?:https?:|mailto:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The href to use, or undefined when the link must not be followed. */
export function safeHref(raw: string): string | undefined {
  const href = raw.trim().replace(/^<|>$/g, "");
  // Control characters and whitespace can hide a scheme from the check (`java\tscript:`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const squeezed = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (squeezed === "") return undefined;
  if (HAS_SCHEME.test(squeezed)) return SAFE_SCHEME.test(squeezed) ? href : undefined;
  if (squeezed.startsWith("//")) return undefined;
  return href;
}

const ESCAPABLE = "\\`*_{}[]()#+-.!|~<>\"'";
const URL_PATTERN = /^https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'"]/;

interface Cursor {
  readonly src: string;
  pos: number;
}

export function parseInline(src: string): Inline[] {
  return merge(parseUntil({ src, pos: 0 }, undefined));
}

/** Parses until `close` (a delimiter) or the end; returns undefined for no closing delimiter. */
function parseUntil(cur: Cursor, close: string | undefined): Inline[] {
  const out: Inline[] = [];
  while (cur.pos < cur.src.length) {
    if (close && cur.src.startsWith(close, cur.pos)) return out;
    const node = parseAt(cur);
    if (node) out.push(node);
    else out.push({ kind: "text", text: cur.src[cur.pos++] ?? "" });
  }
  return out;
}

function parseAt(cur: Cursor): Inline | undefined {
  const { src, pos } = cur;
  const ch = src[pos];
  if (ch === "\\") return escaped(cur);
  if (ch === "`") return codeSpan(cur);
  if (ch === "\n") {
    cur.pos += 1;
    return { kind: "text", text: " " };
  }
  if (src.startsWith("  \n", pos)) {
    cur.pos += 3;
    return { kind: "break" };
  }
  if (src.startsWith("**", pos) || src.startsWith("__", pos))
    return delimited(cur, src.slice(pos, pos + 2), "strong");
  if (src.startsWith("~~", pos)) return delimited(cur, "~~", "del");
  if (ch === "*" || ch === "_") return emphasis(cur, ch);
  if (ch === "!" && src[pos + 1] === "[") return link(cur, 1);
  if (ch === "[") return link(cur, 0);
  if (ch === "<") return autolink(cur);
  if (ch === "h" && (pos === 0 || /\W/.test(src[pos - 1] ?? ""))) return bareUrl(cur);
  return undefined;
}

function escaped(cur: Cursor): Inline | undefined {
  const next = cur.src[cur.pos + 1];
  if (next === "\n") {
    cur.pos += 2;
    return { kind: "break" };
  }
  if (next === undefined || !ESCAPABLE.includes(next)) return undefined;
  cur.pos += 2;
  return { kind: "text", text: next };
}

function codeSpan(cur: Cursor): Inline | undefined {
  const { src, pos } = cur;
  let ticks = 0;
  while (src[pos + ticks] === "`") ticks += 1;
  const fence = "`".repeat(ticks);
  const end = src.indexOf(fence, pos + ticks);
  if (end < 0) {
    cur.pos += ticks;
    return { kind: "text", text: fence };
  }
  cur.pos = end + ticks;
  const text = src.slice(pos + ticks, end).replace(/\n/g, " ");
  return { kind: "code", text: /^ .+ $/.test(text) ? text.slice(1, -1) : text };
}

function delimited(cur: Cursor, delim: string, kind: "strong" | "del"): Inline | undefined {
  const start = cur.pos;
  const after = cur.src[start + delim.length];
  if (after === undefined || /\s/.test(after)) return undefined;
  if (cur.src.indexOf(delim, start + delim.length + 1) < 0) return undefined;
  cur.pos += delim.length;
  const children = parseUntil(cur, delim);
  if (!cur.src.startsWith(delim, cur.pos) || children.length === 0) {
    cur.pos = start + delim.length;
    return { kind: "text", text: delim };
  }
  cur.pos += delim.length;
  return { kind, children: merge(children) };
}

function emphasis(cur: Cursor, delim: string): Inline | undefined {
  const start = cur.pos;
  const after = cur.src[start + 1];
  // snake_case_words keep their underscores.
  if (delim === "_" && /\w/.test(cur.src[start - 1] ?? "")) return undefined;
  if (after === undefined || /\s/.test(after)) return undefined;
  if (cur.src.indexOf(delim, start + 2) < 0) return undefined;
  cur.pos += 1;
  const children = parseUntil(cur, delim);
  if (!cur.src.startsWith(delim, cur.pos) || children.length === 0) {
    cur.pos = start + 1;
    return { kind: "text", text: delim };
  }
  cur.pos += 1;
  return { kind: "em", children: merge(children) };
}

/** `[text](href)`; an image `![alt](src)` shows as its alt text, linked, never loaded. */
function link(cur: Cursor, bang: number): Inline | undefined {
  const { src } = cur;
  const open = cur.pos + bang;
  const close = matching(src, open, "[", "]");
  if (close < 0 || src[close + 1] !== "(") return undefined;
  const end = matching(src, close + 1, "(", ")");
  if (end < 0) return undefined;
  const label = parseInline(src.slice(open + 1, close));
  const target =
    src
      .slice(close + 2, end)
      .trim()
      .split(/\s+/)[0] ?? "";
  cur.pos = end + 1;
  const href = safeHref(target);
  if (href === undefined) return { kind: "text", text: src.slice(open - bang, end + 1) };
  return { kind: "link", href, children: label.length > 0 ? label : [{ kind: "text", text: href }] };
}

function matching(src: string, at: number, open: string, close: string): number {
  let depth = 0;
  for (let i = at; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\") i += 1;
    else if (ch === open) depth += 1;
    else if (ch === close) {
      depth -= 1;
      if (depth === 0) return i;
    } else if (ch === "\n" && src[i + 1] === "\n") return -1;
  }
  return -1;
}

function autolink(cur: Cursor): Inline | undefined {
  const match = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(cur.src.slice(cur.pos));
  if (!match?.[1]) return undefined;
  cur.pos += match[0].length;
  return { kind: "link", href: match[1], children: [{ kind: "text", text: match[1] }] };
}

function bareUrl(cur: Cursor): Inline | undefined {
  const match = URL_PATTERN.exec(cur.src.slice(cur.pos));
  if (!match) return undefined;
  cur.pos += match[0].length;
  return { kind: "link", href: match[0], children: [{ kind: "text", text: match[0] }] };
}

/** Joins neighbouring text nodes. */
function merge(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (node.kind === "text" && last?.kind === "text")
      out[out.length - 1] = { kind: "text", text: last.text + node.text };
    else out.push(node);
  }
  return out;
}
