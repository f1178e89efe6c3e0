import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { TicketService } from "../service/ticket-service.js";
import { createOut, type Out, type Sink } from "./output.js";

/** Options every command accepts, declared once on the root program. */
export interface GlobalOptions {
  root?: string;
  agent?: string;
}

/**
 * Where a command runs: what it writes to, the environment it reads, and the service it acts
 * through. Usually this process (`processHost`); for a command handed to a running
 * `trackdown serve` (cli/serve-commands.ts), the client's streams and the server's live service.
 */
export interface CommandHost {
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly env: NodeJS.ProcessEnv;
  /** The directory relative paths given to the command are relative to. */
  readonly cwd: string;
  /** The service one command acts through, and what to do when the command is done with it. */
  openService(globals: GlobalOptions): ServiceLease;
}

export interface ServiceLease {
  readonly service: TicketService;
  /** Waits for what the command set going (hooks, the registry) before it counts as done. */
  settle(): Promise<void>;
  release(): void;
}

/** Commands run by this process, on the project it opens for each command. */
export const processHost: CommandHost = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  get cwd() {
    return process.cwd();
  },
  openService: (globals) => {
    // A CLI process is short-lived: reading the index through a memory map pays (store/ticket-index.ts).
    const service = TicketService.open({ root: globals.root, actor: globals.agent, memoryMap: true });
    return { service, settle: () => service.flush(), release: () => service.close() };
  },
};

const hosts = new WeakMap<CommandUnknownOpts, CommandHost>();

/** Makes `host` the one every command under `program` runs on. */
export function setHost(program: CommandUnknownOpts, host: CommandHost): void {
  hosts.set(program, host);
}

/** The host of the program a command belongs to. */
export function hostOf(command: CommandUnknownOpts): CommandHost {
  let root = command;
  while (root.parent) root = root.parent;
  return hosts.get(root) ?? processHost;
}

export function globalsOf(command: { optsWithGlobals(): object }): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Text output on the command's host. */
export function outOf(command: CommandUnknownOpts): Out {
  const host = hostOf(command);
  return createOut(host.stdout, host.env, host.stderr);
}

/** Opens the project's service for one command and releases it afterwards. */
export async function withService<T>(
  command: CommandUnknownOpts,
  work: (service: TicketService, out: Out) => Promise<T> | T,
): Promise<T> {
  const lease = hostOf(command).openService(globalsOf(command));
  try {
    const result = await work(lease.service, outOf(command));
    await lease.settle();
    return result;
  } finally {
    lease.release();
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
