import { describe, expect, it } from "vitest";
import { setCriterion } from "./criteria.js";

const BODY = [
  "Intro with a box - [ ] not a criterion",
  "",
  "## Acceptance criteria",
  "- [ ] reproduce with a fixture",
  "- [x] duplicates get fresh IDs",
  "",
  "## Activity",
  "- [ ] not a criterion either",
].join("\n");

describe("setCriterion", () => {
  it("ticks the n-th criterion and changes nothing else", () => {
    const after = setCriterion(BODY, 0, true);
    expect(after).toBe(BODY.replace("- [ ] reproduce", "- [x] reproduce"));
    expect(setCriterion(BODY, 1, false)).toBe(BODY.replace("- [x] duplicates", "- [ ] duplicates"));
  });

  it("keeps Windows line endings", () => {
    const crlf = BODY.replace(/\n/g, "\r\n");
    expect(setCriterion(crlf, 0, true)).toBe(crlf.replace("- [ ] reproduce", "- [x] reproduce"));
  });

  it("is undefined for a criterion that is not there", () => {
    expect(setCriterion(BODY, 2, true)).toBeUndefined();
    expect(setCriterion("no criteria", 0, true)).toBeUndefined();
  });
});
