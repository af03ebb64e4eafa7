import type { Logger } from "pino";

/** What starts telemetry: config.ts's names (README "Observability"). */
export interface TelemetrySettings {
  APPLICATIONINSIGHTS_CONNECTION_STRING?: string | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
  OTEL_SDK_DISABLED?: boolean | undefined;
}

export interface Telemetry {
  kind: "off" | "otlp" | "azure-monitor";
  /** Flushes what is buffered and stops exporting (on SIGTERM, after the server closed). */
  shutdown(): Promise<void>;
}

const SERVICE_NAME = "sip-lotsen";

/**
 * The one place an OpenTelemetry SDK is started, before the server (src/index.ts). Off unless an
 * OTLP endpoint or an Application Insights connection string is set: then nothing is loaded and
 * the code's spans and metrics (telemetry/signals.ts) stay no-ops of @opentelemetry/api.
 *
 * No automatic instrumentation (http, pg …): their spans would carry URLs with answer tokens and
 * SQL text. Only our own spans and metrics leave, with the attributes signals.ts allows.
 * The SDKs read the other standard variables themselves (OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_METRICS_EXPORTER, OTEL_RESOURCE_ATTRIBUTES …).
 */
export async function startTelemetry(s: TelemetrySettings, logger: Logger): Promise<Telemetry> {
  const off: Telemetry = { kind: "off", shutdown: async () => undefined };
  if (s.OTEL_SDK_DISABLED) return off;
  const serviceName = s.OTEL_SERVICE_NAME ?? SERVICE_NAME;
  if (s.APPLICATIONINSIGHTS_CONNECTION_STRING) {
    const { useAzureMonitor, shutdownAzureMonitor } = await import("@azure/monitor-opentelemetry");
    const { resourceFromAttributes } = await import("@opentelemetry/resources");
    const none = { enabled: false };
    // Statsbeat (the SDK's own usage reports to Microsoft's endpoints, outside the connection
    // string's region) stays off unless the operator turns it on (README "Observability").
    process.env.APPLICATION_INSIGHTS_NO_STATSBEAT ??= "true";
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING },
      resource: resourceFromAttributes({ "service.name": serviceName }),
      instrumentationOptions: {
        azureSdk: none,
        http: none,
        mongoDb: none,
        mySql: none,
        postgreSql: none,
        redis: none,
        redis4: none,
        bunyan: none,
        winston: none,
      },
      // Both are derived from http spans and process counters we do not collect.
      enableLiveMetrics: false,
      enableStandardMetrics: false,
      // Every trace: a bot's turns are few (the default is a rate limit of 5 traces a second).
      // OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG still override this.
      samplingRatio: 1,
      tracesPerSecond: 0,
    });
    logger.info({ event: "telemetry_started", exporter: "azure-monitor" });
    return { kind: "azure-monitor", shutdown: () => shutdownAzureMonitor() };
  }
  const endpoint =
    s.OTEL_EXPORTER_OTLP_ENDPOINT ??
    s.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    s.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
  if (!endpoint) return off;
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  // Exporters from the standard variables (OTLP over http/protobuf unless OTEL_*_EXPORTER says otherwise).
  const sdk = new NodeSDK({ serviceName, instrumentations: [] });
  sdk.start();
  logger.info({ event: "telemetry_started", exporter: "otlp" });
  return { kind: "otlp", shutdown: () => sdk.shutdown() };
}
