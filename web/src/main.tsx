import { render } from "preact";
import { App } from "./app.js";
import { live } from "./live/stream.js";
import "./styles/base.css";
import "./styles/query-bar.css";
import "./styles/board.css";
import "./styles/list.css";
import "./styles/ticket.css";
import "./styles/markdown.css";
import "./styles/agents.css";
import "./styles/metrics.css";

live.start();
// Leaving the page closes the stream, so a page kept in the back/forward cache holds no
// connection (browsers allow six per server); coming back reopens it and refetches.
window.addEventListener("pagehide", () => live.stop());
window.addEventListener("pageshow", (event) => {
  if (event.persisted) live.resume();
});
const root = document.getElementById("app");
if (root) render(<App />, root);
