import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { observeSend } from "../src/telemetry/signals.js";
import { startTelemetry } from "../src/telemetry/start.js";

const logger = pino({ level: "silent" });

describe("startTelemetry", () => {
  it("is off without an endpoint or a connection string, and loads no SDK", async () => {
    const t = await startTelemetry({}, logger);
    expect(t.kind).toBe("off");
    await t.shutdown();
    const disabled = await startTelemetry(
      { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1", OTEL_SDK_DISABLED: true },
      logger,
    );
    expect(disabled.kind).toBe("off");
  });

  it("with OTEL_EXPORTER_OTLP_ENDPOINT, exports our spans and metrics over OTLP/HTTP", async () => {
    const paths: string[] = [];
    const receiver = createServer((req, res) => {
      paths.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "application/x-protobuf" }).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    // The SDK reads the standard variables itself; config.ts has validated the same value.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    process.env.OTEL_LOGS_EXPORTER = "none";
    try {
      const t = await startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, logger);
      expect(t.kind).toBe("otlp");
      await observeSend("send", async () => ({ status: "sent" }));
      await t.shutdown(); // flushes both
      expect(paths).toContain("POST /v1/traces");
      expect(paths).toContain("POST /v1/metrics");
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      delete process.env.OTEL_LOGS_EXPORTER;
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
