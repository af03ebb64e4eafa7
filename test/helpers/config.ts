import { expect } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

/** The ConfigError's message, for asserting what it says and what it must never say. */
export function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("loadConfig accepted the configuration");
}
