import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../core/config.js";
import { toTrackdownError } from "../core/errors.js";
import { Project } from "../service/project.js";
import { syncRegistry } from "../service/registry.js";
import { projectPaths } from "../store/project.js";

/**
 * Regenerates the registry off the server's event loop: rendering it reads every ticket of the
 * index, which at 100k tickets takes long enough to stall every request. The worker has its own
 * connection to the index; the registry lock keeps it in step with other writers.
 */
// The server's own configuration, not the file's: a config.yaml edited since the server started
// applies on restart, and the index must not be re-stamped under the server meanwhile.
const { root, config } = workerData as { root: string; config: Config };
const project = new Project(projectPaths(root), config);

parentPort?.on("message", (id: number) => {
  syncRegistry(project).then(
    (report) => parentPort?.postMessage({ id, report }),
    (error: unknown) => parentPort?.postMessage({ id, error: toTrackdownError(error).message }),
  );
});
