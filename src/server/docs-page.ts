/**
 * `/api/docs`: a small self-contained page that renders the OpenAPI document. No CDN, no inline
 * script (the CSP is `default-src 'self'`), and every text goes in through textContent, never
 * as HTML.
 */

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trackdown API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 4rem; color: #1d1d1f; }
  h1 { margin-bottom: 0; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
  .route { border: 1px solid #e2e2e2; border-radius: 6px; margin: .75rem 0; }
  .route > summary { cursor: pointer; padding: .5rem .75rem; list-style: none; }
  .route[open] > summary { border-bottom: 1px solid #eee; }
  .method { display: inline-block; min-width: 4.2rem; font: 600 12px/1.8 ui-monospace, monospace; text-transform: uppercase; color: #fff; text-align: center; border-radius: 4px; margin-right: .5rem; }
  .get { background: #2f7d32; } .post { background: #1565c0; } .patch { background: #b26a00; } .delete { background: #c62828; }
  .path { font-family: ui-monospace, monospace; font-weight: 600; }
  .body { padding: .5rem 1rem 1rem; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; } td, th { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #f0f0f0; vertical-align: top; }
  pre { background: #f6f8fa; padding: .75rem; overflow: auto; max-height: 24rem; font-size: 12px; border-radius: 4px; }
  .muted { color: #666; }
</style>
<script src="/api/docs/docs.js" defer></script>
</head>
<body>
<h1>Trackdown API</h1>
<p class="muted" id="info">Loading <a href="/api/openapi.json">/api/openapi.json</a>…</p>
<main id="routes"></main>
</body>
</html>
`;

export const DOCS_SCRIPT = `"use strict";
(function () {
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function resolve(doc, schema) {
    if (schema && schema.$ref) return doc.components.schemas[schema.$ref.split("/").pop()] || schema;
    return schema;
  }
  function section(parent, title, value) {
    parent.appendChild(el("h4", "", title));
    parent.appendChild(el("pre", "", JSON.stringify(value, null, 2)));
  }
  function renderOperation(doc, path, method, op) {
    var box = el("details", "route");
    var head = el("summary");
    head.appendChild(el("span", "method " + method, method));
    head.appendChild(el("span", "path", path));
    head.appendChild(el("span", "muted", "  " + (op.summary || "")));
    box.appendChild(head);
    var body = el("div", "body");
    if (op.description) body.appendChild(el("p", "", op.description));
    if (op.parameters && op.parameters.length) {
      var table = el("table");
      var row = el("tr");
      ["name", "in", "required", "description"].forEach(function (h) { row.appendChild(el("th", "", h)); });
      table.appendChild(row);
      op.parameters.forEach(function (p) {
        var r = el("tr");
        [p.name, p.in, p.required ? "yes" : "", p.description || ""].forEach(function (v) { r.appendChild(el("td", "", v)); });
        table.appendChild(r);
      });
      body.appendChild(table);
    }
    var request = op.requestBody && op.requestBody.content["application/json"];
    if (request) section(body, "Request body", resolve(doc, request.schema));
    Object.keys(op.responses).forEach(function (status) {
      var response = op.responses[status];
      var content = response.content && (response.content["application/json"] || response.content["text/event-stream"]);
      if (status.charAt(0) === "2" && content) section(body, "Response " + status, resolve(doc, content.schema));
    });
    var errors = Object.keys(op.responses).filter(function (s) { return s.charAt(0) !== "2"; });
    if (errors.length) body.appendChild(el("p", "muted", "Errors: " + errors.map(function (s) { return s + " " + op.responses[s].description; }).join("; ")));
    box.appendChild(body);
    return box;
  }
  fetch("/api/openapi.json").then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById("info").textContent = doc.info.description + " Version " + doc.info.version + ".";
    var groups = {};
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var tag = (op.tags && op.tags[0]) || "Other";
        (groups[tag] = groups[tag] || []).push(renderOperation(doc, path, method, op));
      });
    });
    var main = document.getElementById("routes");
    doc.tags.forEach(function (t) {
      if (!groups[t.name]) return;
      main.appendChild(el("h2", "", t.name));
      groups[t.name].forEach(function (node) { main.appendChild(node); });
    });
  }).catch(function (error) {
    document.getElementById("info").textContent = "Could not load the OpenAPI document: " + error;
  });
})();
`;
