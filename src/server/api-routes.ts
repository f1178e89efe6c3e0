import type { Context, Hono } from "hono";
import type { z } from "zod";

export type Method = "get" | "post" | "patch" | "delete";

/** A query or path parameter, as documented in the OpenAPI document. */
export interface ParamSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly type?: "string" | "integer" | "boolean";
}

/**
 * One route of the API, described once: the handler is registered from it and the OpenAPI
 * document is generated from the same table, so the two cannot drift apart.
 */
export interface RouteSpec {
  readonly method: Method;
  /** The full path in Hono's syntax: `/api/tickets/:id`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly query?: readonly ParamSpec[];
  /** The request body's schema (validated before the service sees it). */
  readonly body?: z.ZodType;
  /** The success response's schema. */
  readonly response?: z.ZodType;
  /** Success status; 200 unless said. */
  readonly status?: number;
  /** Accepts `If-Match` with a revision and answers 412 when it is stale. */
  readonly ifMatch?: boolean;
  /** A Server-Sent Events stream rather than JSON. */
  readonly stream?: boolean;
  /** No token needed (health, metrics, the docs). */
  readonly open?: boolean;
  /** Not JSON: the content type of the success response. */
  readonly contentType?: string;
}

export type RouteHandler = (c: Context) => Response | Promise<Response>;
export type RouteInput = Omit<RouteSpec, "tag" | "method" | "path"> & { readonly tag?: string };

/** Registers routes on a Hono app under `prefix` and records each in `table`. */
export class ApiRoutes {
  constructor(
    private readonly app: Hono,
    private readonly prefix: string,
    readonly table: RouteSpec[],
    private readonly tag = "Tickets",
  ) {}

  /** The same app and table, for another group of routes. */
  group(tag: string): ApiRoutes {
    return new ApiRoutes(this.app, this.prefix, this.table, tag);
  }

  get(path: string, spec: RouteInput, handler: RouteHandler): this {
    return this.add("get", path, spec, handler);
  }

  post(path: string, spec: RouteInput, handler: RouteHandler): this {
    return this.add("post", path, spec, handler);
  }

  patch(path: string, spec: RouteInput, handler: RouteHandler): this {
    return this.add("patch", path, spec, handler);
  }

  delete(path: string, spec: RouteInput, handler: RouteHandler): this {
    return this.add("delete", path, spec, handler);
  }

  private add(method: Method, path: string, spec: RouteInput, handler: RouteHandler): this {
    this.table.push({ ...spec, tag: spec.tag ?? this.tag, method, path: `${this.prefix}${path}` });
    this.app.on(method.toUpperCase(), path, handler);
    return this;
  }
}

/** `/api/tickets/:id` → `/api/tickets/{id}`, as OpenAPI writes it. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, "{$1}");
}

export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] ?? "");
}
