import { metrics, trace } from "@opentelemetry/api";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { federationResult, observeFederation } from "../../src/telemetry/federation.js";
import { attrs } from "../../src/telemetry/signals.js";
import { TENANT, cardText, message } from "../helpers/activities.js";
import { as, chatOf, dataOf, multiUser } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";

// The SDK a deployment would start (telemetry/start.ts), with in-memory exporters. Registered
// before the server starts, as src/index.ts does.
const spanExporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] }),
);
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

const people = {
  convener: { id: "29:ylva-convener-7f3", name: "Ylva Ytterberg", aadObjectId: "aad-ylva-9c1d" },
  partner: { id: "29:oskar-partner-2b8", name: "Oskar Österlind", aadObjectId: "aad-oskar-4e7a" },
};
const QUESTION = "Hur samordnar vi stödet för Ylvas grannbarn Zäta?";
const h = multiUser(people);

/** Every string an exported span or metric holds: names, attribute keys and values, events. */
function exportedStrings(spans: readonly ReadableSpan[], collected: readonly ResourceMetrics[]): string[] {
  const out: string[] = [];
  const ofAttributes = (a: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(a)) out.push(k, String(v));
  };
  for (const s of spans) {
    out.push(s.name, s.status.message ?? "");
    ofAttributes(s.attributes);
    for (const e of s.events) {
      out.push(e.name);
      ofAttributes(e.attributes ?? {});
    }
  }
  for (const rm of collected)
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics) {
        out.push(m.descriptor.name, m.descriptor.description, m.descriptor.unit);
        for (const p of m.dataPoints) ofAttributes(p.attributes);
      }
  return out;
}

const spanNamed = (name: string, where: Record<string, unknown> = {}) =>
  spanExporter
    .getFinishedSpans()
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.attributes[k] === v));

describe("telemetry: spans and metrics of a real flow, and nothing personal in them", () => {
  let collected: ResourceMetrics[] = [];
  let typed: string[] = [];

  it("a question, a kallelse and a partner's answer run through the real server", async () => {
    const res = await h.server.post(message(h.connector.serviceUrl, QUESTION, as(people.convener)));
    expect(res.status).toBe(200);
    await h.invoke(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
    const form = h.cardsTo(people.convener).at(-1);
    const caseId = String(dataOf(form, VERBS.submitKallelse)?.caseId);
    const values = {
      ...kallelseFormValues([
        { who: people.partner.id, orgType: "region", contribution: "Bedömning från Oskars mottagning" },
        { who: "external", orgType: "forsakringskassan", contribution: "Sjukpenning och planering" },
      ]),
      // On paper: counted as a send with result "printable".
      p2Name: "Evelina Handläggarsson",
      p2Organisation: "Försäkringskassan Karlstad",
    };
    typed = Object.values(values).filter((v) => v.length > 12);
    h.connector.clear();
    const tracking = await h.invoke(people.convener, VERBS.submitKallelse, { caseId, rows: "2", ...values });
    expect(cardText(tracking)).toContain("Kallelse");
    const invitation = h.cardsTo(people.partner)[0];
    const inviteeId = String(dataOf(invitation, VERBS.acceptInvite)?.inviteeId);
    const accepted = await h.invoke(people.partner, VERBS.acceptInvite, { inviteeId });
    expect(cardText(accepted)).toContain("accepterat");
    await reader.forceFlush(); // also reads the queue gauges from the running server's database
    collected = metricExporter.getMetrics();
  });

  it("spans: per turn (type, verb), per card verb, per job (queue, outcome), per send (result)", () => {
    expect(spanNamed("sip.turn", { "sip.activity.type": "message" })).not.toHaveLength(0);
    expect(
      spanNamed("sip.turn", { "sip.invoke.name": "adaptiveCard/action", "sip.verb": VERBS.submitKallelse }),
    ).toHaveLength(1);
    expect(spanNamed("sip.card.action", { "sip.verb": VERBS.acceptInvite })).toHaveLength(1);
    const jobs = spanNamed("sip.job", { "sip.outcome": "completed" });
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((s) => typeof s.attributes["sip.queue"] === "string")).toBe(true);
    expect(spanNamed("sip.send", { "sip.send.result": "sent" }).length).toBeGreaterThan(0);
  });

  it("metrics: turn latency, card actions, sends by result, jobs, queue depth and age", () => {
    const byName = new Map(
      collected.flatMap((rm) =>
        rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => [m.descriptor.name, m])),
      ),
    );
    for (const name of [
      "sip.turn.duration",
      "sip.card.actions",
      "sip.sends",
      "sip.jobs",
      "sip.queue.depth",
      "sip.queue.oldest_age",
    ])
      expect(byName.get(name)?.dataPoints.length, name).toBeGreaterThan(0);
    const sent = byName.get("sip.sends")?.dataPoints.find((p) => p.attributes["sip.send.result"] === "sent");
    expect(Number(sent?.value)).toBeGreaterThan(0);
    const paper = byName
      .get("sip.sends")
      ?.dataPoints.find((p) => p.attributes["sip.send.result"] === "printable");
    expect(Number(paper?.value)).toBe(1);
    const queues = byName.get("sip.queue.depth")?.dataPoints.map((p) => p.attributes["sip.queue"]);
    expect(queues?.every((q) => typeof q === "string")).toBe(true);
  });

  it("no name, typed text, Teams id or tenant id in any exported name or attribute", () => {
    const strings = exportedStrings(spanExporter.getFinishedSpans(), collected);
    expect(strings.length).toBeGreaterThan(50);
    const needles = [
      QUESTION,
      ...typed,
      ...Object.values(people).flatMap((p) => [p.name, p.id, p.aadObjectId, chatOf(p)]),
      ...Object.values(people).flatMap((p) => p.name.split(" ")),
      TENANT,
    ];
    expect(typed.length).toBeGreaterThan(3);
    for (const s of strings) for (const n of needles) expect(s, `"${n}" exported`).not.toContain(n);
    // Case codes are pseudonymous, and still left out.
    for (const s of strings) expect(s).not.toMatch(/SIP-[2-9A-HJKMNP-Z]{4}/);
  });
});

describe("telemetry's attribute rule and federation requests", () => {
  it("attrs keeps allowlisted keys with short token values, drops everything else", () => {
    const given = {
      "sip.verb": "invite.accept",
      "sip.outcome": "Ylva Ytterberg", // a name: has a space, dropped
      "sip.queue": "x".repeat(65), // too long to be a closed-set value
      "sip.retries": 2,
      "user.name": "ylva",
    } as unknown as Parameters<typeof attrs>[0];
    expect(attrs(given)).toEqual({ "sip.verb": "invite.accept", "sip.retries": 2 });
  });

  it("a federation request is a span and a count by route, status, result and key id", async () => {
    const before = spanExporter.getFinishedSpans().length;
    const listeners: (() => void)[] = [];
    const res = {
      statusCode: 200,
      locals: { peer: { keyId: "k1-thumb", name: "Region Ö" } } as Record<string, unknown>,
      once: (_e: string, f: () => void) => void listeners.push(f),
    };
    observeFederation(["/directory"])({ path: "/directory", method: "GET" }, res, () => undefined);
    observeFederation(["/directory"])(
      { path: "/ylva/secret", method: "POST" },
      { ...res, statusCode: 401 },
      () => undefined,
    );
    for (const f of listeners) f();
    const spans = spanExporter.getFinishedSpans().slice(before);
    expect(spans.map((s) => s.attributes)).toEqual([
      {
        "sip.federation.route": "/directory",
        "http.response.status_code": 200,
        "sip.federation.result": "ok",
        "sip.peer.key_id": "k1-thumb",
        "http.request.method": "GET",
      },
      {
        "sip.federation.route": "other",
        "http.response.status_code": 401,
        "sip.federation.result": "refused",
        "sip.peer.key_id": "k1-thumb",
        "http.request.method": "POST",
      },
    ]);
    expect([429, 409, 400, 503].map(federationResult)).toEqual(["limited", "replay", "rejected", "error"]);
  });
});
