/** The templates `trackdown init` installs; a project edits or deletes them as it likes. */
export const DEFAULT_TEMPLATES: Readonly<Record<string, string>> = {
  bug: `---
# Template for "trackdown create --template bug": these fields are defaults,
# the body below is the skeleton. Anything given on the command line wins.
type: bug
priority: high
tags: [bug]
---

## Steps to reproduce

1.

## Expected

## Actual

## Acceptance criteria

- [ ] A test reproduces the failure
- [ ] The fix makes that test pass
`,
  feature: `---
# Template for "trackdown create --template feature".
type: feature
priority: medium
---

## Problem

## Proposal

## Acceptance criteria

- [ ] Works as proposed, with tests
- [ ] Documented
`,
  task: `---
# Template for "trackdown create --template task".
type: task
priority: medium
---

## Notes
`,
  epic: `---
# Template for "trackdown create --template epic". Child issues and tasks name it
# as their parent; "trackdown tree <id>" shows their progress rolled up.
type: epic
priority: medium
---

## Goal

## Scope

## Out of scope
`,
};
