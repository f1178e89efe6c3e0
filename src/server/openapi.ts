import { z } from "zod";
import { ERROR_TABLE } from "../core/errors.js";
import { openApiPath, pathParams, type RouteSpec } from "./api-routes.js";
import { AGENT_HEADER } from "./request-service.js";
import {
  ErrorSchema,
  TicketDetailSchema,
  TicketListSchema,
  TicketResultSchema,
  TicketSchema,
  TicketSummarySchema,
} from "./schemas.js";

type Json = Record<string, unknown>;

/** Schemas shown once under components and referenced by name. */
const NAMED = new Map<z.ZodType, string>([
  [TicketSummarySchema, "TicketSummary"],
  [TicketSchema, "Ticket"],
  [TicketResultSchema, "TicketResult"],
  [TicketDetailSchema, "TicketDetail"],
  [TicketListSchema, "TicketList"],
  [ErrorSchema, "Error"],
]);

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
}

function schemaRef(schema: z.ZodType, io: "input" | "output"): Json {
  const name = NAMED.get(schema);
  return name && io === "output" ? { $ref: `#/components/schemas/${name}` } : jsonSchema(schema, io);
}

function parameters(route: RouteSpec): Json[] {
  const list: Json[] = pathParams(route.path).map((name) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
    description: name === "id" ? "A ticket ID or any unique prefix, e.g. TSK-7f3k" : undefined,
  }));
  for (const q of route.query ?? []) {
    list.push({
      name: q.name,
      in: "query",
      required: q.required ?? false,
      description: q.description,
      schema: { type: q.type ?? "string" },
    });
  }
  if (route.ifMatch) {
    list.push({
      name: "If-Match",
      in: "header",
      required: false,
      description: "The revision (ETag) the write expects; 412 when the ticket changed since",
      schema: { type: "string" },
    });
  }
  if (!route.open && route.path.startsWith("/api/")) {
    list.push({
      name: "X-Trackdown-Agent",
      in: "header",
      required: false,
      description:
        "Who acts (recorded as the author, the claimant, the step's agent); default: the server's agent",
      schema: { type: "string" },
    });
  }
  return list;
}

const ERROR_RESPONSE = {
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

function responses(route: RouteSpec): Json {
  const status = String(route.status ?? 200);
  const success: Json = { description: route.stream ? "An event stream" : "Success" };
  if (route.stream) success.content = { "text/event-stream": { schema: { type: "string" } } };
  else if (route.contentType) success.content = { [route.contentType]: { schema: { type: "string" } } };
  else if (route.response)
    success.content = { "application/json": { schema: schemaRef(route.response, "output") } };
  const out: Json = { [status]: success };
  if (route.open) return out;
  for (const [code, mapping] of Object.entries(ERROR_TABLE)) {
    out[String(mapping.http)] = { description: `${code}: ${mapping.meaning}`, ...ERROR_RESPONSE };
  }
  out["403"] = {
    description: "UNAUTHORIZED: a read-only token on a write, or a foreign Host/Origin",
    ...ERROR_RESPONSE,
  };
  if (route.ifMatch)
    out["412"] = { description: "CONFLICT: If-Match names a stale revision", ...ERROR_RESPONSE };
  return out;
}

function operation(route: RouteSpec): Json {
  const op: Json = {
    tags: [route.tag],
    summary: route.summary,
    operationId: `${route.method}${route.path.replace(/[/:]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
    parameters: parameters(route),
    responses: responses(route),
  };
  if (route.description) op.description = route.description;
  if (route.body) {
    op.requestBody = {
      required: false,
      content: { "application/json": { schema: schemaRef(route.body, "input") } },
    };
  }
  if (route.open) op.security = [];
  return op;
}

/** The OpenAPI 3.1 document of every route in `table`, generated from the same zod schemas that validate. */
export function openApiDocument(table: readonly RouteSpec[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of table) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  const schemas: Record<string, Json> = {};
  for (const [schema, name] of NAMED) schemas[name] = jsonSchema(schema, "output");
  return {
    openapi: "3.1.0",
    info: {
      title: "Trackdown API",
      version,
      description: `Tickets as Markdown files in the repository, served live. Errors are JSON \`{ error: { code, message, details } }\`. Send \`${AGENT_HEADER}\` to act as an agent.`,
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    tags: [...new Set(table.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "A read or write token (TRACKDOWN_TOKEN or config)",
        },
      },
    },
  };
}
