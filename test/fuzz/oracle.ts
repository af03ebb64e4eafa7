import { localeOf } from "../../src/bot/locale.js";
import { containsPersonnummer } from "../../src/bot/pnr-guard.js";
import { VERBS } from "../../src/cards/verbs.js";
import { STRINGS } from "../../src/cards/render.js";
import { activityProblems } from "../../src/http/activity.js";
import { cardText } from "../helpers/activities.js";
import { BODY_LIMIT, type FuzzCase } from "./cases.js";

/**
 * What the server must answer to a fuzz case, decided from the bytes sent rather than from the
 * generator that made them. Returns the rule the case was held to and every violation found. The edge schema itself
 * (activityProblems) says which envelopes are valid: this checks the server keeps its own word.
 */
export type Outcome = { status: number; body: string } | { error: string };
export interface Violation {
  rule: string;
  detail: string;
}

const CARD = "application/vnd.microsoft.card.adaptive";
const MESSAGE = "application/vnd.microsoft.activity.message";
/** Verbs that open something as a new message and acknowledge the press with a short text. */
const MESSAGE_VERBS: readonly string[] = [
  VERBS.openAssess,
  VERBS.openConsent,
  VERBS.comingSoon,
  VERBS.readArticle,
  VERBS.openFlag,
  VERBS.openMine,
];
/** Every verb a route serves; each answers bad data with its own card (a form with errors, a refusal). */
const KNOWN_VERBS: readonly string[] = Object.values(VERBS);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Which rule the case was held to besides "no 5xx", and what it broke. */
export type Rule =
  "415" | "413" | "400 broken JSON" | "400 non-object" | "400 envelope" | "Action.Execute" | "no 5xx";
export interface Judgement {
  rule: Rule;
  violations: Violation[];
}

export function judge(c: FuzzCase, r: Outcome): Judgement {
  if ("error" in r) return { rule: "no 5xx", violations: [{ rule: "no HTTP response", detail: r.error }] };
  const v5 = r.status >= 500 ? [{ rule: `HTTP ${r.status}`, detail: r.body.slice(0, 200) }] : [];
  const { rule, violation } = expectation(c, r);
  return { rule, violations: violation ? [...v5, violation] : v5 };
}

function expectation(
  c: FuzzCase,
  r: { status: number; body: string },
): { rule: Rule; violation?: Violation | undefined } {
  const want = (status: number, rule: Rule, name: string) => ({
    rule,
    violation:
      r.status === status ? undefined : { rule: name, detail: `got ${r.status}: ${r.body.slice(0, 200)}` },
  });
  // Anything but JSON in a UTF charset is refused unread (fetch sends a string as text/plain).
  if (c.contentType?.split(";")[0] !== "application/json") return want(415, "415", "not JSON → 415");
  const charset = /;\s*charset=([^;\s]+)/i.exec(c.contentType)?.[1];
  if (charset && !/^utf-/i.test(charset)) return want(415, "415", "charset other than UTF → 415");
  // UTF-16 and -32 are read as such: what UTF-8 bytes decode to is anyone's guess.
  if (charset) return { rule: "no 5xx" };
  if (Buffer.byteLength(c.body) > BODY_LIMIT) return want(413, "413", "body over 256 kB → 413");
  let parsed: unknown;
  try {
    parsed = JSON.parse(c.body.replace(/^\uFEFF/, "")); // body-parser drops a leading BOM too
  } catch {
    return want(400, "400 broken JSON", "broken JSON → 400");
  }
  if (!isObj(parsed)) return want(400, "400 non-object", "non-object JSON → 400");
  if (activityProblems(parsed).length) return want(400, "400 envelope", "invalid envelope → 400");
  // With deliveryMode expectReplies botbuilder answers with the buffered replies instead, by protocol.
  if (parsed.deliveryMode === "expectReplies") return { rule: "no 5xx" };
  if (parsed.type === "invoke" && parsed.name === "adaptiveCard/action")
    return { rule: "Action.Execute", violation: judgeExecute(parsed, r) };
  return { rule: "no 5xx" };
}

/** Every Action.Execute invoke with a valid envelope: HTTP 200 and a card (or a message for "open"). */
function judgeExecute(activity: Obj, r: { status: number; body: string }): Violation | undefined {
  const fail = (rule: string, detail: string) => ({
    rule,
    detail: `${detail} ← ${r.status} ${r.body.slice(0, 160)}`,
  });
  if (r.status !== 200) return fail("Action.Execute → 200", `status ${r.status}`);
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    return fail("Action.Execute → invoke response body", "not JSON");
  }
  if (!isObj(body) || body.statusCode !== 200) return fail("Action.Execute → invoke response body", "shape");

  const t = STRINGS[localeOf({ locale: activity.locale as string | undefined })].notice;
  const action = isObj(activity.value) ? activity.value.action : undefined;
  const verb = isObj(action) && action.type === "Action.Execute" ? action.verb : undefined;
  const pnr = containsPersonnummer(activity.text) || containsPersonnummer(activity.value);

  const card = body.type === CARD && isObj(body.value) && body.value.type === "AdaptiveCard";
  const text = card ? cardText(body.value) : "";
  const has = (s: string) => text.includes(s);
  // A turn that threw ends in the adapter's error card: right for HTTP; the turn-error test counts it.
  if (has(t.failed)) return undefined;
  // An "open" verb acknowledges with a text, or answers with a card when it refuses.
  if (!pnr && typeof verb === "string" && MESSAGE_VERBS.includes(verb) && !card) {
    return body.type === MESSAGE && typeof body.value === "string"
      ? undefined
      : fail("open/soon verb → message or card", "neither");
  }
  if (!card) return fail("Action.Execute → adaptive card", "not a card");
  if (pnr) return has(t.pnrTitle) ? undefined : fail("personnummer → refusal card", text.slice(0, 80));
  if (typeof verb !== "string")
    return has(t.badPayload) || has(t.unknownAction)
      ? undefined
      : fail("malformed action → error card", text.slice(0, 80));
  if (!KNOWN_VERBS.includes(verb))
    return has(t.unknownAction) ? undefined : fail("unknown verb → 'känns inte igen'", text.slice(0, 80));
  // A known verb: its result, its form again with errors, or its own clear error card.
  return undefined;
}
