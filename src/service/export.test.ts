import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TempProject, tempProject } from "../../test/fixtures/import/project.js";
import { exportTickets, parseExportFormat, writeExportFile } from "./export.js";
import { InterchangeDocumentSchema } from "./interchange.js";

let project: TempProject;
beforeEach(async () => {
  project = await tempProject();
  const { service } = project;
  const first = await service.create({ title: "First", tags: ["backend"], fields: { customer: "acme" } });
  await service.create({ title: "Second, with a comma", priority: "high", depends_on: [first.id] });
  await service.comment(first.id, "Looks good");
});
afterEach(() => project.close());

describe("export", () => {
  it("writes a versioned JSON document that the interchange schema accepts, bodies and custom fields included", () => {
    const result = exportTickets(project.service, { format: "json" });
    const doc = InterchangeDocumentSchema.parse(JSON.parse(result.text));
    expect(result.count).toBe(2);
    expect(doc).toMatchObject({ format: "trackdown", version: 1, exported_at: "2026-02-01T12:00:00Z" });
    const first = doc.tickets.find((t) => t.title === "First");
    expect(first?.customer).toBe("acme");
    expect(first?.body).toContain("importer commented: Looks good");
    expect(first).not.toHaveProperty("path");
    expect(first).not.toHaveProperty("revision");
  });

  it("narrows by a query", () => {
    const result = exportTickets(project.service, { format: "json", query: "priority:high" });
    const doc = InterchangeDocumentSchema.parse(JSON.parse(result.text));
    expect(doc.tickets.map((t) => t.title)).toEqual(["Second, with a comma"]);
    expect(doc.query).toBe("priority:high");
  });

  it("writes CSV and Markdown", () => {
    const csv = exportTickets(project.service, { format: "csv", sort: "title" }).text;
    expect(csv.split("\r\n")).toHaveLength(4);
    expect(csv).toContain(',"Second, with a comma",');
    const md = exportTickets(project.service, { format: "md" }).text;
    expect(md).toContain("2 tickets, exported 2026-02-01T12:00:00Z.");
  });

  it("names an unknown format and the accepted ones", () => {
    expect(parseExportFormat("Markdown")).toBe("md");
    expect(() => parseExportFormat("xml")).toThrow('Unknown export format "xml"; accepted: json, csv, md');
  });

  it("writes a file", async () => {
    const file = join(project.root, "out.csv");
    await writeExportFile(file, "a,b\r\n");
    expect(readFileSync(file, "utf8")).toBe("a,b\r\n");
  });
});
