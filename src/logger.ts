import { pino, type Logger } from "pino";

/**
 * JSON logs with ids and event names only. Message text, card values and names are never
 * logged: callers pass structured fields, and the redaction below is a second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { app: "sip-lotsen" },
      redact: {
        paths: ["text", "value", "*.text", "*.value", "name", "*.name", "displayName"],
        censor: "[redacted]",
      },
    },
    // Written asynchronously: pino's default is a blocking write(2) per line on the turn's path,
    // which on a busy machine waits for the reader of the pipe (bench/README.md). Lines that come
    // while a write is under way go out together in the next one; pino flushes what is left
    // synchronously when the process exits (also on process.exit and an uncaught exception). Only
    // a kill -9 can lose the last lines.
    pino.destination({ dest: 1, sync: false }),
  );
}
