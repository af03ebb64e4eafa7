import { pino, type Logger } from "pino";

/**
 * JSON logs with ids and event names only. Message text, card values and names are never
 * logged: callers pass structured fields, and the redaction below is a second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: "sip-lotsen" },
    redact: {
      paths: ["text", "value", "*.text", "*.value", "name", "*.name", "displayName"],
      censor: "[redacted]",
    },
  });
}
