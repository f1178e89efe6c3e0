import type { ApiRoutes } from "../api-routes.js";
import { DOCS_HTML, DOCS_SCRIPT } from "../docs-page.js";
import { openApiDocument } from "../openapi.js";
import { packageVersion } from "../version.js";

/** `/api/openapi.json` and `/api/docs`: open without a token, like the page of any public API. */
export function docsRoutes(routes: ApiRoutes): void {
  const docs = routes.group("Docs");
  let document: unknown;
  docs.get(
    "/api/openapi.json",
    { summary: "This OpenAPI 3.1 document", open: true, contentType: "application/json" },
    (c) => {
      document ??= openApiDocument(routes.table, packageVersion());
      return c.json(document);
    },
  );
  docs.get(
    "/api/docs",
    { summary: "The API documentation, readable", open: true, contentType: "text/html" },
    (c) => c.html(DOCS_HTML),
  );
  docs.get(
    "/api/docs/docs.js",
    { summary: "The documentation page's script", open: true, contentType: "text/javascript" },
    (c) => {
      c.header("Content-Type", "text/javascript; charset=utf-8");
      return c.body(DOCS_SCRIPT);
    },
  );
}
