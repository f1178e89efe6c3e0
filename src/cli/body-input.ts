import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync as readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { invalidInput } from "../core/errors.js";

interface BodyOptions {
  body?: string;
  bodyFile?: string;
  edit?: boolean;
}

/**
 * The description from --body, a file (relative to `cwd`, the command's working directory),
 * stdin ('-'), or $EDITOR when asked on a terminal.
 */
export async function readBodyInput(options: BodyOptions, cwd: string): Promise<string | undefined> {
  const sources = [options.body !== undefined, options.bodyFile !== undefined, options.edit === true].filter(
    Boolean,
  );
  if (sources.length > 1) throw invalidInput("Give the body once: --body, --body-file or --edit");
  if (options.body !== undefined) return options.body;
  if (options.bodyFile === "-") return readStdin();
  if (options.bodyFile !== undefined) {
    try {
      return readSync(resolve(cwd, options.bodyFile), "utf8");
    } catch (error) {
      throw invalidInput(`Cannot read body file ${options.bodyFile}: ${(error as Error).message}`);
    }
  }
  if (options.edit) return editText();
  return undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const text = bytes.toString("utf8");
  if (bytes.includes(0) || !Buffer.from(text, "utf8").equals(bytes)) {
    throw invalidInput("Input from stdin looks like binary data (NUL or invalid UTF-8); expected UTF-8 text");
  }
  return text;
}

function editText(): string {
  if (!process.stdin.isTTY) throw invalidInput("--edit needs a terminal; use --body or --body-file instead");
  const editor = process.env.VISUAL || process.env.EDITOR || "vi";
  const dir = mkdtempSync(join(tmpdir(), "trackdown-"));
  const file = join(dir, "TICKET.md");
  try {
    writeFileSync(file, "");
    const result = spawnSync(editor, [file], { stdio: "inherit", shell: true });
    if (result.status !== 0)
      throw invalidInput(`Editor "${editor}" exited with ${result.status}; nothing saved`);
    return readSync(file, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
