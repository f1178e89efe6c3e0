import { render } from "preact";
import { App } from "./app.js";
import { live } from "./live/stream.js";
import "./styles.css";

live.start();
const root = document.getElementById("app");
if (root) render(<App />, root);
