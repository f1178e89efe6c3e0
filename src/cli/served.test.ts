import { describe, expect, it } from "vitest";
import { clientEnv, globalOption, servedCommand } from "./served.js";

describe("servedCommand", () => {
  it("names the read commands a server may run, wherever the program options are", () => {
    expect(servedCommand(["list", "status:open"])).toBe("list");
    expect(servedCommand(["ls"])).toBe("ls");
    expect(servedCommand(["--root", "../repo", "search", "crash"])).toBe("search");
    expect(servedCommand(["--agent=qa", "show", "BUG-1", "--json"])).toBe("show");
    expect(servedCommand(["registry", "sync"])).toBe("registry");
  });

  it("names the writes of one ticket a server may run", () => {
    expect(servedCommand(["create", "A bug", "--type", "bug", "-p", "high"])).toBe("create");
    expect(servedCommand(["update", "BUG-1", "--set", "priority=high", "--body-file", "notes.md"])).toBe(
      "update",
    );
    expect(servedCommand(["comment", "BUG-1", "list"])).toBe("comment");
    expect(servedCommand(["--agent", "qa", "start", "BUG-1"])).toBe("start");
    expect(servedCommand(["move", "BUG-1", "review"])).toBe("move");
    expect(servedCommand(["next", "tag:backend", "--claim", "--json"])).toBe("next");
    expect(servedCommand(["step", "done", "TSK-1", "--note", "shipped"])).toBe("step");
  });

  it("leaves to the CLI itself what reads stdin or opens an editor", () => {
    for (const args of [
      ["create", "From a pipe", "--body-file", "-"],
      ["create", "From a pipe", "--body-file=-"],
      ["create", "From a pipe", "-f-"],
      ["comment", "BUG-1", "-f", "-"],
      ["create", "In an editor", "--edit"],
      ["create", "In an editor", "-e"],
      ["create", "In an editor", "-te", "bug"],
    ]) {
      expect(servedCommand(args), args.join(" ")).toBeUndefined();
    }
  });

  it("leaves other writes, help, version and unknown options to the CLI itself", () => {
    for (const args of [
      ["delete", "BUG-1", "--yes"],
      ["batch", "update", "type:bug", "--set", "priority=high"],
      ["serve"],
      ["agents", "show", "qa"],
      ["tree"],
      ["--help", "list"],
      ["--version"],
      ["--unknown", "list"],
      [],
    ]) {
      expect(servedCommand(args), args.join(" ")).toBeUndefined();
    }
  });
});

describe("globalOption", () => {
  it("finds a program option's value in either spelling, before `--`, the last one winning", () => {
    expect(globalOption(["list", "--root", "a"], "--root")).toBe("a");
    expect(globalOption(["--root=b", "list"], "--root")).toBe("b");
    expect(globalOption(["--root", "a", "list", "--root=c"], "--root")).toBe("c");
    expect(globalOption(["search", "--", "--root", "x"], "--root")).toBeUndefined();
    expect(globalOption(["list"], "--agent")).toBeUndefined();
  });
});

describe("clientEnv", () => {
  it("passes Trackdown's variables and colour settings, nothing else", () => {
    expect(
      clientEnv({ TRACKDOWN_AGENT: "qa", NO_COLOR: "1", TERM: "dumb", HOME: "/root", AWS_SECRET: "x" }),
    ).toEqual({ TRACKDOWN_AGENT: "qa", NO_COLOR: "1", TERM: "dumb" });
  });
});
