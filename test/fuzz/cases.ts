import fc from "fast-check";
import { VERBS } from "../../src/cards/verbs.js";
import { base, execute, membersAdded, message } from "../helpers/activities.js";
import {
  deletePath,
  hugeString,
  INVALID_SERVICE_URLS,
  junkString,
  junkValue,
  parses,
  pnrText,
  setPath,
} from "./junk.js";

/**
 * Generators for the HTTP fuzz test. A case is the exact bytes to POST plus the family it came
 * from; what the server must answer is decided from the bytes themselves (see oracle.ts), so a
 * mutation that happens to leave an activity valid is held to the stricter rule.
 */
export interface FuzzCase {
  family: string;
  body: string;
  contentType: string | undefined;
}

/** express.json({ limit: "256kb" }) in src/server.ts. */
export const BODY_LIMIT = 256 * 1024;
const JSON_TYPE = "application/json";

const VALID_ASSESS = {
  needsSocialServices: "yes",
  needsHealthCare: "yes",
  reporterRole: "health_care",
  region: "national",
  indications: "bounced_around,discharge_ready",
  existingEquivalentPlan: "false",
  identifiedOn: "2026-11-26",
  dischargeNoticeOn: "2026-11-27",
};
const VALID_CONSENT = { age: "16", guardian1: "given", guardian2: "given", childView: "consents" };
const FORM_FIELDS = [...Object.keys(VALID_ASSESS), ...Object.keys(VALID_CONSENT), "repKind", "expiresOn"];

const ids = (prefix: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...[1, 2, 3, 4].map((n) => `${prefix}-${n}`)) },
    { weight: 1, arbitrary: junkString.filter((s) => s.length > 0) },
  );
const locale = fc.constantFrom("sv-SE", "en-US", "en", "sv", "xx", "");

/** A plausible Teams envelope on the fake connector, within every limit of the edge schema. */
const envelope = (su: string) =>
  fc.record({ user: ids("29:user"), conv: ids("a:conv"), locale, n: fc.nat(99_999) }).map((e) => {
    const b = base(su, { locale: e.locale });
    return {
      ...b,
      id: `act-${e.n}`,
      from: { ...b.from, id: e.user },
      conversation: { ...b.conversation, id: e.conv },
    } as Record<string, unknown>;
  });

const verb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.values(VERBS)) },
  { weight: 2, arbitrary: fc.constantFrom("assess.delete", "ASSESS.SUBMIT", "assess.submit ", "", "soon.x") },
  { weight: 2, arbitrary: junkString },
);

/** Card data: valid forms, forms with wrong values or types, and data that is no form at all. */
const formData = fc.oneof(
  fc.constantFrom(VALID_ASSESS, VALID_CONSENT, {}, { prefill: VALID_ASSESS }),
  fc
    .record({
      form: fc.constantFrom(VALID_ASSESS, VALID_CONSENT),
      field: fc.constantFrom(...FORM_FIELDS),
      value: fc.oneof(
        junkValue,
        hugeString.filter((s) => s.length < 30_000),
        pnrText,
      ),
    })
    .map(({ form, field, value }) => ({ ...form, [field]: value })),
  fc.record({ prefill: junkValue }),
  junkValue,
);

/** Action.Execute invokes: the data fuzzed, and sometimes the invoke value's own shape broken. */
const executeCase = (su: string) =>
  fc
    .record({
      env: envelope(su),
      verb,
      data: formData,
      shape: fc.oneof(
        { weight: 8, arbitrary: fc.constant("ok") },
        {
          weight: 2,
          arbitrary: fc.constantFrom("valueNull", "valueString", "noAction", "actionArray", "verbNumber"),
        },
        { weight: 2, arbitrary: fc.constantFrom("noVerb", "actionSubmit", "valueArray", "noValue") },
      ),
    })
    .map(({ env, verb, data, shape }) => {
      const a: Record<string, unknown> = { ...execute(su, verb, data), ...env };
      const action = { type: "Action.Execute", verb, data };
      const broken: Record<string, unknown> = {
        valueNull: null,
        valueString: verb,
        noAction: { trigger: "manual" },
        actionArray: { action: [action] },
        verbNumber: { action: { ...action, verb: 42 } },
        noVerb: { action: { type: "Action.Execute", data } },
        actionSubmit: { action: { ...action, type: "Action.Submit" } },
        valueArray: [action],
      };
      if (shape === "noValue") delete a.value;
      else if (shape !== "ok") a.value = broken[shape];
      return json(`execute.${shape}`, a);
    });

const messageCase = (su: string) =>
  fc
    .record({
      env: envelope(su),
      text: fc.oneof(
        fc.constantFrom("hjälp", "help", "bedöm", "samtycke", "kallelse", "mina", " HJÄLP! ", ""),
        junkString,
        pnrText,
        hugeString,
      ),
    })
    .map(({ env, text }) => json("message", { ...message(su, text), ...env, type: "message", text }));

const otherActivityCase = (su: string) =>
  fc
    .record({
      env: envelope(su),
      type: fc.oneof(
        fc.constantFrom("conversationUpdate", "installationUpdate", "typing", "event", "messageReaction"),
        fc.constantFrom("messageUpdate", "messageDelete", "endOfConversation", "trace", "handoff", "command"),
        fc.constantFrom("invoke", "Message", "MESSAGE", "zzz"),
        junkString.filter((s) => s.length > 0 && s.length <= 64),
      ),
      name: fc.oneof(
        fc.constantFrom("task/fetch", "task/submit", "composeExtension/query", "signin/verifyState"),
        fc.constantFrom("fileConsent/invoke", "config/fetch", "adaptiveCard/action", "healthCheck"),
        junkString,
      ),
      value: junkValue,
      extra: fc.constantFrom({}, membersAdded(su), { membersAdded: [null] }, { action: "add" }),
    })
    .map(({ env, type, name, value, extra }) =>
      json(`other.${type.length < 20 ? type : "junk"}`, { ...env, ...extra, type, name, value }),
    );

/** Where a mutation may land. serviceUrl is left out on purpose: see serviceUrlValue. */
const PATHS = [
  "type", "id", "channelId", "from", "recipient", "conversation", "text", "locale", "name", "value",
  "channelData", "timestamp", "localTimestamp", "expiration", "deliveryMode", "replyToId", "entities",
  "attachments", "membersAdded", "membersRemoved", "action", "relatesTo", "from.id", "from.name",
  "from.aadObjectId", "recipient.id", "recipient.name", "conversation.id", "conversation.conversationType",
  "conversation.tenantId", "conversation.isGroup", "channelData.tenant", "channelData.tenant.id",
  "channelData.eventType", "value.action", "value.action.verb", "value.action.data", "value.action.type",
]; // prettier-ignore

const serviceUrlValue = (su: string) =>
  fc.oneof(
    fc.constantFrom(...INVALID_SERVICE_URLS),
    fc.constantFrom(null, 42, true, [su], { url: su }),
    // On the fake connector, at the edge schema's 2048 limit and one past it; the path keeps the
    // bot's replies on a route the connector answers (…/v3/conversations/…).
    fc.constantFrom(2048, 2049).map((n) => `${su}v3/conversations/`.padEnd(n - 1, "p") + "/"),
  );

const mutation = (su: string) =>
  fc.oneof(
    fc.record({ op: fc.constant("delete" as const), path: fc.constantFrom(...PATHS, "serviceUrl") }),
    fc.record({ op: fc.constant("set" as const), path: fc.constantFrom(...PATHS), value: junkValue }),
    fc.record({ op: fc.constant("set" as const), path: fc.constantFrom(...PATHS), value: hugeString }),
    fc.record({
      op: fc.constant("set" as const),
      path: fc.constant("serviceUrl"),
      value: serviceUrlValue(su),
    }),
    fc.record({
      op: fc.constant("set" as const),
      path: fc.constantFrom("timestamp", "localTimestamp", "expiration", "deliveryMode"),
      value: fc.constantFrom("not a date", "2026-13-45T99:99:99Z", "2000-01-01T00:00:00Z", "expectReplies"),
    }),
  );

const baseActivity = (su: string) =>
  fc.oneof(messageCase(su), executeCase(su), otherActivityCase(su)).map((c) => JSON.parse(c.body) as object);

const mutatedCase = (su: string) =>
  fc
    .record({ a: baseActivity(su), ms: fc.array(mutation(su), { minLength: 1, maxLength: 3 }) })
    .map(({ a, ms }) => {
      for (const m of ms)
        (m.op === "delete" ? deletePath : setPath)(a, m.path, "value" in m ? m.value : null);
      return json(`mutated.${ms.map((m) => m.path.split(".")[0]).join("+")}`, a);
    });

const brokenJsonCase = (su: string) =>
  fc
    .oneof(
      fc.constantFrom("{", "{not json", '{"type":}', "{'type':'message'}", '{"a":1,}', "[1,2", "nul", "NaN"),
      fc.constantFrom('"open', '{"a":"\\x"}', '{"a":01}', '{"a":1}garbage', "undefined", "\u0000", "{]"),
      fc
        .tuple(messageCase(su), fc.double({ min: 0, max: 1, noNaN: true }), junkString)
        .map(([c, at, ins]) => {
          const cut = Math.floor(c.body.length * at);
          return c.body.slice(0, cut) + (ins || "{") + c.body.slice(cut);
        }),
      messageCase(su).chain((c) => fc.nat(c.body.length - 1).map((n) => c.body.slice(0, n))),
    )
    .filter((s) => !parses(s))
    .map((body): FuzzCase => ({ family: "brokenJson", body, contentType: JSON_TYPE }));

const nonObjectJsonCase = fc
  .oneof(junkValue, junkString, fc.constantFrom(null, 0, true, "x", []))
  .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
  .map((v): FuzzCase => ({ family: "nonObjectJson", body: JSON.stringify(v), contentType: JSON_TYPE }));

/** Bodies at the 256 kB limit, one byte past it, and far past it. */
const bodySizeCase = (su: string) =>
  fc
    .record({
      c: fc.oneof(messageCase(su), executeCase(su)),
      delta: fc.constantFrom(-1, 0, 1, 20_000, 800_000),
    })
    .map(({ c, delta }): FuzzCase => {
      const a = JSON.parse(c.body) as Record<string, unknown>;
      const bare = Buffer.byteLength(JSON.stringify({ ...a, padding: "" }));
      const pad = Math.max(0, BODY_LIMIT + delta - bare);
      return json(`bodySize.${delta}`, { ...a, padding: "a".repeat(pad) });
    });

const contentTypeCase = (su: string) =>
  fc
    .record({
      c: messageCase(su),
      type: fc.constantFrom(
        undefined,
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        JSON_TYPE,
      ),
      charset: fc.constantFrom("", "; charset=latin1", "; charset=utf-16", "; charset=nonsense"),
    })
    .map(({ c, type, charset }): FuzzCase => ({
      family: `contentType.${type ?? "none"}${charset ? "+charset" : ""}`,
      body: c.body,
      contentType: type === undefined ? undefined : type + charset,
    }));

/** Everything, weighted towards the families that reach the bot. */
export const fuzzCase = (su: string): fc.Arbitrary<FuzzCase> =>
  fc.oneof(
    { weight: 30, arbitrary: executeCase(su) },
    { weight: 30, arbitrary: mutatedCase(su) },
    { weight: 10, arbitrary: messageCase(su) },
    { weight: 8, arbitrary: otherActivityCase(su) },
    { weight: 8, arbitrary: brokenJsonCase(su) },
    { weight: 5, arbitrary: nonObjectJsonCase },
    { weight: 4, arbitrary: bodySizeCase(su) },
    { weight: 3, arbitrary: contentTypeCase(su) },
  );

function json(family: string, activity: object): FuzzCase {
  return { family, body: JSON.stringify(activity), contentType: JSON_TYPE };
}
