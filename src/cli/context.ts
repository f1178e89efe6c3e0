import { TicketService } from "../service/ticket-service.js";
import { createOut, type Out } from "./output.js";

/** Options every command accepts, declared once on the root program. */
export interface GlobalOptions {
  root?: string;
  agent?: string;
}

export interface CommandContext {
  readonly out: Out;
  readonly globals: GlobalOptions;
}

export function globalsOf(command: { optsWithGlobals(): object }): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Opens the project's service for one command and closes it afterwards. */
export async function withService<T>(
  globals: GlobalOptions,
  work: (service: TicketService, out: Out) => Promise<T> | T,
): Promise<T> {
  const service = TicketService.open({ root: globals.root, actor: globals.agent });
  try {
    const result = await work(service, createOut());
    await service.flush();
    return result;
  } finally {
    service.close();
  }
}

/** Examples appended to a command's --help. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== ""),
  ];
}
