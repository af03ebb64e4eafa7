import { describe, expect, it } from "vitest";
import { jobId, uuidV5 } from "../../src/jobs/job-id.js";
import { isScript } from "../../src/jobs/sql-adapter.js";

describe("jobId", () => {
  it("is a standard UUID v5 (RFC 9562 test vector)", () => {
    const DNS = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    expect(uuidV5("www.example.com", DNS)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("is the same for the same queue and key, different otherwise", () => {
    expect(jobId("reminders", "r1")).toBe(jobId("reminders", "r1"));
    expect(jobId("reminders", "r1")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const ids = new Set([
      jobId("a:b", "c"),
      jobId("a", "b:c"),
      jobId("reminders", "r2"),
      jobId("other", "r1"),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe("isScript", () => {
  it("tells pg-boss's multi-statement scripts from single statements", () => {
    expect(isScript("SELECT version from pgboss.version")).toBe(false);
    expect(isScript("  SELECT 1;  ")).toBe(false);
    expect(isScript("BEGIN;\nSELECT 1;\nCOMMIT;\n")).toBe(true);
  });
});
