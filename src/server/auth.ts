import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ServerConfig } from "../core/config.js";
import { invalidInput } from "../core/errors.js";
import { httpError } from "./errors.js";

export type Role = "read" | "write";

/** A token in clear (from the environment) or by its SHA-256 hex digest (from config). */
export type TokenGrant =
  | { readonly token: string; readonly role: Role }
  | { readonly sha256: string; readonly role: Role };

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/**
 * The tokens a server accepts: TRACKDOWN_TOKEN (write) and TRACKDOWN_READ_TOKEN (read) from the
 * environment, and config's `server.tokens`, each naming an environment variable or a digest.
 * A token named in config whose variable is unset is an error, not a silently open server.
 */
export function tokensFrom(
  config: ServerConfig | undefined,
  env: NodeJS.ProcessEnv = process.env,
): TokenGrant[] {
  const grants: TokenGrant[] = [];
  if (env.TRACKDOWN_TOKEN) grants.push({ token: env.TRACKDOWN_TOKEN, role: "write" });
  if (env.TRACKDOWN_READ_TOKEN) grants.push({ token: env.TRACKDOWN_READ_TOKEN, role: "read" });
  for (const entry of config?.tokens ?? []) {
    if (entry.sha256) grants.push({ sha256: entry.sha256, role: entry.role });
    else if (entry.env) {
      const token = env[entry.env];
      if (!token)
        throw invalidInput(`server.tokens names $${entry.env}, which is not set`, { env: entry.env });
      grants.push({ token, role: entry.role });
    }
  }
  return grants;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Bearer-token auth with two roles: `read` may GET, `write` may do anything. With no tokens
 * configured the API is open — the server only allows that when bound to loopback.
 */
export function requireToken(grants: readonly TokenGrant[]): MiddlewareHandler {
  const known = grants.map((g) => ({
    role: g.role,
    hash: "token" in g ? digest(g.token) : Buffer.from(g.sha256, "hex"),
  }));
  return async (c, next) => {
    if (known.length === 0) return next();
    const header = c.req.header("authorization") ?? "";
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? c.req.query("token");
    if (!presented)
      throw httpError("UNAUTHORIZED", "This server needs a token: send Authorization: Bearer <token>");
    // Digests compare in constant time and at equal length, whatever the token's length.
    const hash = digest(presented);
    const grant = known.find((g) => g.hash.length === hash.length && timingSafeEqual(g.hash, hash));
    if (!grant) throw httpError("UNAUTHORIZED", "The token is not valid for this server");
    if (WRITE_METHODS.has(c.req.method) && grant.role !== "write") {
      throw httpError(
        "UNAUTHORIZED",
        `This token is read-only; ${c.req.method} needs a write token`,
        { role: grant.role, required: "write" },
        403,
      );
    }
    return next();
  };
}

/**
 * Defence against DNS rebinding and cross-site requests: the Host header must name this server
 * (`*` in the list accepts any), and a browser's Origin, when sent, must be this same host or
 * one of the allowed origins. An opaque origin (`null`: sandboxed frames, file pages) is refused.
 */
export function checkHostAndOrigin(
  allowedHosts: readonly string[],
  allowedOrigins: readonly string[],
): MiddlewareHandler {
  const hosts = new Set(allowedHosts.map((h) => h.toLowerCase()));
  const anyHost = hosts.has("*");
  return async (c, next) => {
    const host = (c.req.header("host") ?? "")
      .toLowerCase()
      .replace(/:\d+$/, "")
      .replace(/^\[|\]$/g, "");
    if (!anyHost && !hosts.has(host)) {
      const accepted = [...hosts];
      throw httpError(
        "UNAUTHORIZED",
        `Host "${host}" is not allowed; this server answers to ${accepted.join(", ")} (serve --allow-host adds names)`,
        { host, accepted },
        403,
      );
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !allowedOrigins.includes(origin)) {
      const originHost = safeHost(origin);
      const sameHost =
        originHost !== undefined && (originHost === host || (!anyHost && hosts.has(originHost)));
      if (!sameHost) throw httpError("UNAUTHORIZED", `Origin "${origin}" is not allowed`, { origin }, 403);
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
