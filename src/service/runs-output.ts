import { StringDecoder } from "node:string_decoder";

/**
 * The last lines a command printed, kept for the run's record: stdout and stderr interleaved
 * line by line as they arrive, terminal escapes and carriage-return redraws removed, long
 * lines cut, so the tail reads as plain text in YAML and in a prompt.
 */

export const TAIL_LINES = 20;
export const TAIL_LINE_CHARS = 300;

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are what we remove.
const ESCAPES = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: so are the other control characters.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;

export function cleanLine(raw: string, maxChars = TAIL_LINE_CHARS): string {
  // A progress bar redraws its line after "\r": what is left after the last one is what showed.
  const shown = raw.replace(/\r+$/, "").split("\r").at(-1) ?? "";
  const text = shown.replace(ESCAPES, "").replace(CONTROLS, "").trimEnd();
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

export class OutputTail {
  private readonly lines: string[] = [];
  private readonly partial = new Map<string, { decoder: StringDecoder; text: string }>();

  constructor(private readonly keep = TAIL_LINES) {}

  push(stream: string, chunk: Buffer | string): void {
    let state = this.partial.get(stream);
    if (!state) {
      state = { decoder: new StringDecoder("utf8"), text: "" };
      this.partial.set(stream, state);
    }
    const text = state.text + (typeof chunk === "string" ? chunk : state.decoder.write(chunk));
    const parts = text.split("\n");
    state.text = (parts.pop() ?? "").slice(-4 * TAIL_LINE_CHARS);
    for (const line of parts) this.add(line);
  }

  /** Adds a line of trackdown's own (a spawn failure), as the command's output would be. */
  note(line: string): void {
    this.add(line);
  }

  private add(raw: string): void {
    this.lines.push(cleanLine(raw));
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }

  /** The tail as text: the last lines, unfinished lines included, surrounding blank lines dropped. */
  text(): string {
    for (const state of this.partial.values()) {
      const rest = state.text + state.decoder.end();
      state.text = "";
      if (rest !== "") this.add(rest);
    }
    return this.lines.join("\n").replace(/^\n+|\n+$/g, "");
  }
}
