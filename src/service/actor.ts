import { readFileSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";

/**
 * Who is acting: an explicit name, then TRACKDOWN_AGENT, then git's user.name (read from the
 * config files directly, to spare a git process per command), then the login name.
 */
export function resolveActor(explicit: string | undefined, root: string, env = process.env): string {
  const fromFlag = explicit?.trim();
  if (fromFlag) return fromFlag;
  const fromEnv = env.TRACKDOWN_AGENT?.trim();
  if (fromEnv) return fromEnv;
  for (const file of [join(root, ".git", "config"), join(env.HOME ?? homedir(), ".gitconfig")]) {
    const name = gitUserName(file);
    if (name) return name;
  }
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

function gitUserName(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let inUser = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]/.exec(line);
    if (section) inUser = section[1]?.trim().toLowerCase() === "user";
    const name = inUser ? /^\s*name\s*=\s*(.+?)\s*$/.exec(line)?.[1] : undefined;
    if (name) return name.replace(/^"(.*)"$/, "$1");
  }
  return undefined;
}
