import { AsyncLocalStorage } from "node:async_hooks";
import {
  toCompatResponse,
  type CompatResponse,
  type RequestPolicy,
  type WebResourceLike,
} from "@azure/core-http-compat";
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { z } from "zod/v4";
import { ConnectorCallError } from "./errors.js";

/*
 * Why this file exists: botbuilder's ConnectorClient runs on an @azure/core-rest-pipeline pipeline
 * that always holds `defaultRetryPolicy` (up to 3 retries of 408, 5xx but 501/505, 429/503 with
 * Retry-After and ECONNRESET-like errors, waiting on the wall clock). botbuilder-stdlib's
 * ServiceClientContext forwards neither `retryOptions` nor `pipeline`, so the policy cannot be
 * configured away. It only rethrows, untouched, an error that is not a `RestError`. The HTTP client
 * below (passed as `httpClient` in the adapter's ConnectorClientOptions) therefore turns every HTTP
 * error and network failure of a *proactive* call into a `ConnectorCallError`: the pipeline hands it
 * straight to the sender, whose retry layer is then the only one. Calls made while answering a turn
 * run outside the proactive scope and keep botbuilder's behaviour, retries included.
 */

/** Counts the connector requests made inside one proactive attempt. */
export interface ProactiveScope {
  requests: number;
  /**
   * Awaited just before each request leaves (the tenant's rate limit): a slot taken earlier, before
   * botbuilder's own work for the request, lets bursts through at the connector.
   */
  beforeSend?: () => Promise<unknown>;
}

const scopes = new AsyncLocalStorage<ProactiveScope>();

/** Runs fn with connector calls failing fast (no pipeline retries) and counted in scope. */
export function runInProactiveScope<T>(scope: ProactiveScope, fn: () => Promise<T>): Promise<T> {
  return scopes.run(scope, fn);
}

// The same transport core-client uses by default (node http/https, keep-alive, proxy, decompression).
const transport = createDefaultHttpClient();

const ErrorBody = z.object({ error: z.object({ code: z.string() }) });

const failFastHttpClient: RequestPolicy = {
  async sendRequest(web: WebResourceLike): Promise<CompatResponse> {
    const scope = scopes.getStore();
    if (!scope) return compat(web, await transport.sendRequest(pipelineRequest(web)));
    scope.requests++;
    await scope.beforeSend?.();
    let response: PipelineResponse;
    try {
      response = await transport.sendRequest(pipelineRequest(web));
    } catch (err) {
      const code =
        err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
      throw new ConnectorCallError(undefined, code, undefined);
    }
    if (response.status >= 400) {
      const body = safeJson(response.bodyAsText);
      throw new ConnectorCallError(
        response.status,
        ErrorBody.safeParse(body).data?.error.code,
        response.headers.get("retry-after"),
      );
    }
    return compat(web, response);
  },
};

/**
 * ConnectorClientOptions for the app's TeamsAdapter (its 4th constructor argument). Every
 * connector call still goes through the default transport; only proactive calls fail fast.
 */
export const connectorClientOptions: NonNullable<ConstructorParameters<typeof TeamsAdapter>[3]> = {
  httpClient: failFastHttpClient,
};

/** The request as core-http-compat's own toPipelineRequest rebuilds it (that helper is not exported). */
function pipelineRequest(web: WebResourceLike): PipelineRequest {
  return createPipelineRequest({
    url: web.url,
    method: web.method,
    headers: createHttpHeaders(web.headers.toJson({ preserveCase: true })),
    withCredentials: web.withCredentials,
    timeout: web.timeout,
    requestId: web.requestId,
    abortSignal: web.abortSignal,
    body: web.body,
    formData: web.formData,
    // core-http-compat stores the pipeline's disableKeepAlive in `keepAlive`; mirror it as it does.
    disableKeepAlive: !!web.keepAlive,
    onDownloadProgress: web.onDownloadProgress,
    onUploadProgress: web.onUploadProgress,
    proxySettings: web.proxySettings,
    streamResponseStatusCodes: web.streamResponseStatusCodes,
    agent: web.agent,
    requestOverrides: web.requestOverrides,
    // The flag does not survive the compat layer; the connector client allows plain http exactly
    // when its serviceUrl is http (local Playground, tests), which is the scheme of this URL.
    allowInsecureConnection: web.url.toLowerCase().startsWith("http:"),
  });
}

/**
 * The response for the pipeline. Its request must be the WebResourceLike we were given: through it
 * core-http-compat finds the pipeline's original request, which core-client needs to deserialize
 * the body and to raise its usual RestError for HTTP errors outside the proactive scope.
 */
function compat(web: WebResourceLike, response: PipelineResponse): CompatResponse {
  return { ...toCompatResponse(response), request: web };
}

function safeJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
