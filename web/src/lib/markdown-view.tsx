import type { ComponentChildren, JSX } from "preact";
import { followLink } from "../router.js";
import { type Block, type Inline, type ListItem, parseMarkdown } from "./markdown.js";

/**
 * Renders parsed Markdown as Preact elements. Every piece of user text becomes a text node, so
 * `<script>` or `<img onerror=…>` in a ticket shows as those characters and never runs; links
 * keep only safe schemes (markdown-inline.ts).
 */

export interface MarkdownProps {
  readonly text: string;
  /** Rewrites a link (a registry link to a ticket file becomes the ticket's page). */
  readonly resolveLink?: ((href: string) => string) | undefined;
  readonly class?: string | undefined;
}

export function Markdown(props: MarkdownProps): JSX.Element {
  const blocks = parseMarkdown(props.text);
  const resolve = props.resolveLink ?? ((href: string) => href);
  return (
    <div class={`markdown ${props.class ?? ""}`}>{blocks.map((b, i) => renderBlock(b, i, resolve))}</div>
  );
}

type Resolve = (href: string) => string;

function renderBlock(block: Block, key: number, resolve: Resolve): JSX.Element {
  switch (block.kind) {
    case "heading": {
      const Tag = `h${Math.min(block.level + 1, 6)}` as "h2";
      return <Tag key={key}>{inlines(block.content, resolve)}</Tag>;
    }
    case "paragraph":
      return <p key={key}>{inlines(block.content, resolve)}</p>;
    case "code":
      return (
        <pre key={key} data-lang={block.lang || undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case "quote":
      return <blockquote key={key}>{block.children.map((b, i) => renderBlock(b, i, resolve))}</blockquote>;
    case "rule":
      return <hr key={key} />;
    case "list":
      return renderList(block, key, resolve);
    case "table":
      return renderTable(block, key, resolve);
  }
}

function renderList(block: Extract<Block, { kind: "list" }>, key: number, resolve: Resolve): JSX.Element {
  const items = block.items.map((item, i) => renderItem(item, i, resolve));
  const tasks = block.items.some((item) => item.checked !== null);
  if (block.ordered)
    return (
      <ol key={key} start={block.start === 1 ? undefined : block.start}>
        {items}
      </ol>
    );
  return (
    <ul key={key} class={tasks ? "tasks" : undefined}>
      {items}
    </ul>
  );
}

function renderItem(item: ListItem, key: number, resolve: Resolve): JSX.Element {
  // A single paragraph renders inline, as a tight list item.
  const [only] = item.children;
  const content =
    item.children.length === 1 && only?.kind === "paragraph"
      ? inlines(only.content, resolve)
      : item.children.map((b, i) => renderBlock(b, i, resolve));
  if (item.checked === null) return <li key={key}>{content}</li>;
  return (
    <li key={key} class="task">
      <input
        type="checkbox"
        checked={item.checked}
        disabled
        aria-label={item.checked ? "done" : "not done"}
      />
      <span>{content}</span>
    </li>
  );
}

function renderTable(block: Extract<Block, { kind: "table" }>, key: number, resolve: Resolve): JSX.Element {
  const style = (i: number) => (block.align[i] ? { textAlign: block.align[i] } : undefined);
  return (
    <div class="table-wrap" key={key}>
      <table>
        <thead>
          <tr>
            {block.head.map((cell, i) => (
              <th key={i} style={style(i)}>
                {inlines(cell, resolve)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {block.rows.map((row, r) => (
            <tr key={r}>
              {block.head.map((_, i) => (
                <td key={i} style={style(i)}>
                  {inlines(row[i] ?? [], resolve)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function inlines(nodes: readonly Inline[], resolve: Resolve): ComponentChildren {
  return nodes.map((node, i) => renderInline(node, i, resolve));
}

function renderInline(node: Inline, key: number, resolve: Resolve): ComponentChildren {
  switch (node.kind) {
    case "text":
      return node.text;
    case "code":
      return <code key={key}>{node.text}</code>;
    case "strong":
      return <strong key={key}>{inlines(node.children, resolve)}</strong>;
    case "em":
      return <em key={key}>{inlines(node.children, resolve)}</em>;
    case "del":
      return <del key={key}>{inlines(node.children, resolve)}</del>;
    case "break":
      return <br key={key} />;
    case "link":
      return renderLink(resolve(node.href), inlines(node.children, resolve), key);
  }
}

function renderLink(href: string, children: ComponentChildren, key: number): JSX.Element {
  if (href.startsWith("/") && !href.startsWith("//")) {
    return (
      <a key={key} href={href} onClick={(event) => followLink(event, href)}>
        {children}
      </a>
    );
  }
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}
