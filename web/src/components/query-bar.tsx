import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client.js";

/**
 * The query-language input. A query the server refuses is marked in place: the bad token gets a
 * wavy underline right in the input, and the message below repeats it with what is accepted.
 */

export interface QueryBarProps {
  readonly value: string;
  readonly onChange: (query: string) => void;
  readonly error?: unknown;
  readonly placeholder?: string;
  readonly id?: string;
}

export interface TokenError {
  readonly start: number;
  readonly end: number;
  readonly token: string;
  readonly message: string;
}

/** Where in the query the API's error points (details.span, else position and token). */
export function tokenError(error: unknown, query: string): TokenError | undefined {
  if (!(error instanceof ApiError) || error.code !== "INVALID_INPUT") return undefined;
  const details = error.details;
  const span = details.span as { start?: number; end?: number } | undefined;
  const token = typeof details.token === "string" ? details.token : undefined;
  const position = typeof details.position === "number" ? details.position - 1 : undefined;
  const start = span?.start ?? position ?? (token ? query.indexOf(token) : -1);
  if (start < 0) return { start: 0, end: 0, token: token ?? "", message: error.message };
  const end = span?.end ?? start + Math.max(1, token?.length ?? 1);
  return { start, end, token: query.slice(start, end) || (token ?? ""), message: error.message };
}

export function QueryBar(props: QueryBarProps): JSX.Element {
  const [draft, setDraft] = useState(props.value);
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setDraft(props.value), [props.value]);
  useEffect(() => {
    const focus = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable]");
      if (event.key === "/" && !typing) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", focus);
    return () => window.removeEventListener("keydown", focus);
  }, []);

  const submit = (query: string) => {
    clearTimeout(timer.current);
    if (query !== props.value) props.onChange(query);
  };
  const problem = tokenError(props.error, props.value);
  const otherError = props.error && !problem ? (props.error as Error).message : undefined;
  const marked = problem && draft === props.value ? problem : undefined;
  const id = props.id ?? "query";
  return (
    <div class={`querybar ${marked ? "has-error" : ""}`}>
      <label class="sr-only" for={id}>
        Filter with the query language
      </label>
      <div class="query-field">
        <svg class="query-icon" viewBox="0 0 20 20" aria-hidden="true">
          <circle cx="8.5" cy="8.5" r="5.5" />
          <path d="M13 13l4 4" />
        </svg>
        <div class="query-mirror" aria-hidden="true">
          {marked ? (
            <>
              <span>{draft.slice(0, marked.start)}</span>
              <span class="query-bad">{draft.slice(marked.start, marked.end) || " "}</span>
            </>
          ) : null}
        </div>
        <input
          ref={input}
          id={id}
          type="search"
          spellcheck={false}
          autocomplete="off"
          value={draft}
          placeholder={props.placeholder ?? 'status:in_progress priority:>=high tag:backend "free text"'}
          aria-invalid={marked ? "true" : undefined}
          aria-describedby={marked ? `${id}-error` : undefined}
          onInput={(event) => {
            const value = (event.currentTarget as HTMLInputElement).value;
            setDraft(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => submit(value), 450);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") submit(draft);
            if (event.key === "Escape") (event.currentTarget as HTMLInputElement).blur();
          }}
        />
        <kbd class="query-kbd" title="Press / to focus">
          /
        </kbd>
      </div>
      {marked ? (
        <p class="query-error" id={`${id}-error`} role="alert" data-testid="query-error">
          <span class="query-error-token" data-testid="query-error-token">
            {marked.token}
          </span>
          <span>{marked.message}</span>
        </p>
      ) : otherError ? (
        <p class="query-error" role="alert">
          {otherError}
        </p>
      ) : null}
    </div>
  );
}
