import { describe, expect, it } from "vitest";
import { cleanLine, OutputTail } from "./runs-output.js";
import { formatCommand } from "./runs-record.js";

describe("OutputTail", () => {
  it("keeps the last lines of both streams as plain text", () => {
    const tail = new OutputTail(3);
    tail.push("stdout", Buffer.from("one\ntwo\n\u001b[32mthree\u001b[0m\n"));
    tail.push("stderr", "warn: four\n");
    tail.push("stdout", "five (no newline)");
    expect(tail.text()).toBe("three\nwarn: four\nfive (no newline)");
  });

  it("joins lines split across chunks, and multi-byte characters split across buffers", () => {
    const tail = new OutputTail();
    const bytes = Buffer.from("héllo wörld\n");
    tail.push("stdout", bytes.subarray(0, 2));
    tail.push("stdout", bytes.subarray(2));
    expect(tail.text()).toBe("héllo wörld");
  });

  it("shows what a progress bar left on screen and cuts very long lines", () => {
    expect(cleanLine("10%\r50%\r100% done\r")).toBe("100% done");
    expect(cleanLine("\u001b]0;title\u0007ok\u0000")).toBe("ok");
    expect(cleanLine("x".repeat(500), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

describe("formatCommand", () => {
  it("quotes arguments the way a shell reads them back", () => {
    expect(formatCommand(["npm", "test", "--", "--grep=a b", "it's"])).toBe(
      `npm test -- '--grep=a b' 'it'\\''s'`,
    );
  });
});
