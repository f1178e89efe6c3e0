import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { httpError } from "./errors.js";

export type Role = "read" | "write";

export interface TokenGrant {
  readonly token: string;
  readonly role: Role;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Bearer-token auth with two roles: `read` may GET, `write` may do anything. With no tokens
 * configured the API is open — the server only allows that when bound to loopback.
 */
export function requireToken(grants: readonly TokenGrant[]): MiddlewareHandler {
  return async (c, next) => {
    if (grants.length === 0) return next();
    const header = c.req.header("authorization") ?? "";
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? c.req.query("token");
    if (!presented)
      throw httpError("UNAUTHORIZED", "This server needs a token: send Authorization: Bearer <token>");
    const grant = grants.find((g) => sameSecret(g.token, presented));
    if (!grant) throw httpError("UNAUTHORIZED", "The token is not valid for this server");
    if (WRITE_METHODS.has(c.req.method) && grant.role !== "write") {
      throw httpError("UNAUTHORIZED", "This token is read-only; a write token is needed for this request", {
        role: grant.role,
      });
    }
    return next();
  };
}

function sameSecret(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Defence against DNS rebinding and cross-site requests: the Host header must name this
 * server, and a browser's Origin (when sent) must be one of the allowed origins.
 */
export function checkHostAndOrigin(
  allowedHosts: readonly string[],
  allowedOrigins: readonly string[],
): MiddlewareHandler {
  const hosts = new Set(allowedHosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const host = (c.req.header("host") ?? "")
      .toLowerCase()
      .replace(/:\d+$/, "")
      .replace(/^\[|\]$/g, "");
    if (!hosts.has(host)) throw httpError("UNAUTHORIZED", `Host "${host}" is not allowed`, { host });
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== "null") {
      const originHost = safeHost(origin);
      const sameHost = originHost !== undefined && hosts.has(originHost);
      if (!sameHost && !allowedOrigins.includes(origin)) {
        throw httpError("UNAUTHORIZED", `Origin "${origin}" is not allowed`, { origin });
      }
    }
    return next();
  };
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}
