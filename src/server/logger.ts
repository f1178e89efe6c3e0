import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Structured logs (pino, JSON lines) to stderr: stdout belongs to command output. The level
 * comes from TRACKDOWN_LOG_LEVEL (`info` by default; `silent` turns logging off).
 */
export function createLogger(
  level = process.env.TRACKDOWN_LOG_LEVEL ?? "info",
  destination: DestinationStream = pino.destination({ fd: 2, sync: false }),
): Logger {
  return pino(
    { level, base: { name: "trackdown", pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
