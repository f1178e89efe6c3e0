import type { ErrorBody } from "./types.js";

/**
 * The dashboard's one door to the REST API: JSON in and out, the token (kept in sessionStorage
 * once the user gives one) and the acting name as headers, and every failure as an ApiError
 * carrying the API's code, message and details.
 */

const TOKEN_KEY = "trackdown.token";
const AGENT_KEY = "trackdown.agent";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** A stale revision (If-Match): someone else changed the ticket first. */
  get isConflict(): boolean {
    return this.status === 412 || this.code === "CONFLICT";
  }
}

export const getToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export const getActor = (): string => localStorage.getItem(AGENT_KEY) ?? "";
export function setActor(name: string): void {
  if (name.trim()) localStorage.setItem(AGENT_KEY, name.trim());
  else localStorage.removeItem(AGENT_KEY);
}

type AuthListener = (error: ApiError) => void;
const authListeners = new Set<AuthListener>();

/** Called when the server answers 401: the shell asks for a token. */
export function onUnauthorized(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

export interface RequestOptions {
  readonly method?: "GET" | "POST" | "PATCH" | "DELETE";
  readonly body?: unknown;
  /** The revision the write expects; a stale one answers with a conflict. */
  readonly ifMatch?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

function headersFor(options: RequestOptions): Headers {
  const headers = new Headers({ Accept: "application/json" });
  const token = getToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const actor = getActor();
  if (actor) headers.set("X-Trackdown-Agent", actor);
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  if (options.ifMatch) headers.set("If-Match", `"${options.ifMatch}"`);
  return headers;
}

async function failure(response: Response): Promise<ApiError> {
  let body: { error?: ErrorBody } = {};
  try {
    body = (await response.json()) as { error?: ErrorBody };
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const error = body.error;
  return new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? `${response.status} ${response.statusText}`,
    error?.details ?? {},
  );
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const response = await fetch(path, {
    method: options.method ?? "GET",
    headers: headersFor(options),
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });
  if (response.ok) return response;
  const error = await failure(response);
  if (response.status === 401) for (const listener of authListeners) listener(error);
  throw error;
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return (await response.json()) as T;
}

export async function requestText(path: string, options: RequestOptions = {}): Promise<string> {
  const response = await send(path, options);
  return response.text();
}

/** `?a=1&b=2` from the defined values. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
