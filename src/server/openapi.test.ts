import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { initProject } from "../service/init.js";
import { TicketService } from "../service/ticket-service.js";
import { createApp } from "./app.js";
import { EventHub } from "./event-hub.js";
import { TicketDetailSchema, TicketListSchema } from "./schemas.js";

let root: string;
let service: TicketService;
let app: ReturnType<typeof createApp>;

const get = (path: string) => app.request(`http://127.0.0.1${path}`, { headers: { host: "127.0.0.1" } });

interface Document {
  openapi: string;
  paths: Record<
    string,
    Record<string, { tags: string[]; responses: Record<string, unknown>; requestBody?: unknown }>
  >;
  components: { schemas: Record<string, unknown> };
}

/** Every route the server answers; a route added without a line here fails the test below. */
const ROUTES = `
get /health; get /health/ready; get /metrics; get /api/openapi.json; get /api/docs; get /api/docs/docs.js
get /api/tickets; post /api/tickets; get /api/tickets/{id}; patch /api/tickets/{id}; delete /api/tickets/{id}
post /api/tickets/{id}/transition; post /api/tickets/{id}/comments
get /api/next; post /api/next; post /api/tickets/{id}/claim; post /api/tickets/{id}/heartbeat
post /api/tickets/{id}/release; get /api/search
get /api/tickets/{id}/workflow; post /api/tickets/{id}/workflow; post /api/tickets/{id}/steps/{action}
get /api/tickets/{id}/runs
get /api/tree; get /api/tickets/{id}/tree; get /api/tickets/{id}/relations; post /api/batch
get /api/sprints; get /api/sprints/{name}; post /api/sprints; post /api/sprints/{name}/close
post /api/tickets/{id}/time; post /api/tickets/{id}/timer/start; post /api/tickets/{id}/timer/stop
get /api/time; get /api/templates
get /api/agents; get /api/agents/{name}; get /api/stats; get /api/registry; post /api/registry/sync
get /api/registry/metrics; get /api/events; get /api/status`
  .split(/[;\n]/)
  .map((line) => line.trim())
  .filter(Boolean)
  .sort();

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-openapi-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "server" });
  app = createApp({ service, hub: new EventHub(), tokens: [] });
});

afterEach(async () => {
  await service.flush();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("OpenAPI", () => {
  it("documents every route, with bodies and responses from the zod schemas", async () => {
    const doc = (await (await get("/api/openapi.json")).json()) as Document;
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(ROUTES);
    const create = doc.paths["/api/tickets"]?.post;
    expect(create?.requestBody).toMatchObject({
      content: {
        "application/json": {
          schema: { properties: { title: { type: "string" } }, additionalProperties: false },
        },
      },
    });
    expect(create?.responses["201"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/Ticket" } } },
    });
    expect(doc.paths["/api/tickets/{id}"]?.patch?.responses).toHaveProperty("412");
    expect(doc.components.schemas.TicketSummary).toMatchObject({
      properties: { revision: { type: "string" } },
    });
  });

  it("answers with bodies that match the documented schemas", async () => {
    const { id } = await service.create({ title: "Shaped", criteria: ["works"] });
    await service.comment(id, "a comment");
    const list = await (await get("/api/tickets")).json();
    expect(TicketListSchema.safeParse(list).success).toBe(true);
    const detail = await (await get(`/api/tickets/${id}`)).json();
    expect(z.treeifyError(TicketDetailSchema.safeParse(detail).error ?? new z.ZodError([]))).toEqual({
      errors: [],
    });
  });

  it("serves a readable page that loads its script from this origin only", async () => {
    const page = await get("/api/docs");
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain('<script src="/api/docs/docs.js" defer></script>');
    expect(html).not.toMatch(/<script>|https?:\/\//);
    const script = await get("/api/docs/docs.js");
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(await script.text()).not.toContain("innerHTML");
  });
});
