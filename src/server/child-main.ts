import { toTrackdownError } from "../core/errors.js";
import { type ChildRequest, runTask } from "./child-task.js";

/** Entry of the server's child process: one request in over IPC, one answer out, then exit. */
process.once("message", (request: ChildRequest) => {
  runTask(request)
    .then(
      (result) => process.send?.({ result }),
      (error: unknown) => process.send?.({ error: toTrackdownError(error).toJSON() }),
    )
    .finally(() => process.disconnect?.());
});
