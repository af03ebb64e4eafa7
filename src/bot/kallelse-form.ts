import { z } from "zod/v4";
import {
  KallelseDetailsSchema,
  ParticipantSchema,
  type KallelseDetails,
  type OrgType,
  type Participant,
} from "../cases/model.js";
import { participantRefusal } from "../cases/workflow.js";
import type { KallelseRow } from "../cards/case-views.js";
import { STRINGS } from "../cards/render.js";
import { ORG_TYPE_NAMES, type Locale, type RegionKey } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { isCardKey, newCardKey } from "./card-data.js";

/**
 * The kallelse card's form ⇄ KallelseDetails and participants. Like the other forms: the card
 * sends strings, the schemas in src/cases/model.ts decide, and every complaint goes back
 * beside its field with the user's values kept.
 */
export const DETAIL_FIELDS = [
  "purpose",
  "longTermGoal",
  "questions",
  "date",
  "time",
  "duration",
  "placeKind",
  "placeText",
  "link",
  "personTakesPart",
  "balanceAck",
] as const;
type RowField = "Who" | "Entra" | "Name" | "Organisation" | "Email" | "OrgType" | "Role" | "Contribution";
/** Every error slot the kallelse card reads, empty: the template must never meet a missing one. */
export const blankErrors = (): Record<string, string> =>
  Object.fromEntries([...DETAIL_FIELDS, "participants"].map((f) => [f, ""]));
export const DEFAULT_ROWS = 4;
export const MAX_ROWS = 20;
export const EXTERNAL = "external";
/** A federation peer's user as "Vem" names them (federation/client.ts peerValue). */
const PEER_VALUE = /^fed:([A-Za-z0-9_-]{43}):([A-Za-z0-9_-]{1,64})$/;
/** What Teams' people picker sends (dataset graph.microsoft.com/users): an Entra object id. */
const EntraId = z.guid();
export const isEntraId = (v: string | undefined) => EntraId.safeParse(v).success;

const scalar = z.union([z.string().max(2100), z.number(), z.boolean()]).transform(String);
const FormSchema = z.record(z.string().max(40), scalar.optional());

export interface KallelseForm {
  values: Record<(typeof DETAIL_FIELDS)[number], string>;
  rows: KallelseRow[];
  /**
   * Names this form, and so its one kallelse: "Skicka kallelse" pressed twice (a double click,
   * Teams resending the invoke, the old form pressed again later) sends the same key, which the
   * database takes once (kallelser.form_key). The card carries it rather than it being derived
   * from replyToId, which some clients leave out. Kept when the form comes back (more rows, a
   * correction); a form without one (rendered before keys existed) gets a fresh one.
   */
  idempotencyKey: string;
}

/** A row with no error in any field (also what tests build rows with). */
export const emptyErr = (): KallelseRow["err"] => ({
  who: "",
  entra: "",
  name: "",
  organisation: "",
  email: "",
  orgType: "",
  role: "",
  contribution: "",
});

/** The form's values from card data (or defaults), with `rows` rows; unreadable data → undefined. */
export function readKallelseForm(data: unknown, rowCount?: number): KallelseForm | undefined {
  const parsed = FormSchema.safeParse(typeof data === "object" && data !== null ? data : {});
  if (!parsed.success) return undefined;
  const v = parsed.data;
  const get = (k: string) => (v[k] ?? "").trim();
  const n = Math.min(MAX_ROWS, Math.max(1, rowCount ?? (Number(get("rows")) || DEFAULT_ROWS)));
  const values = Object.fromEntries(DETAIL_FIELDS.map((f) => [f, get(f)])) as KallelseForm["values"];
  values.duration ||= "60";
  values.placeKind ||= "in_person";
  values.balanceAck ||= "false";
  const rows = Array.from({ length: n }, (_, i): KallelseRow => {
    const p = (f: RowField) => get(`p${i + 1}${f}`);
    return {
      n: i + 1,
      who: p("Who"),
      entra: p("Entra"),
      name: p("Name"),
      organisation: p("Organisation"),
      email: p("Email"),
      orgType: p("OrgType") || "socialtjanst",
      role: p("Role") || "convened",
      contribution: p("Contribution"),
      err: emptyErr(),
    };
  });
  return { values, rows, idempotencyKey: isCardKey(v.idempotencyKey) ? v.idempotencyKey : newCardKey() };
}

const DETAIL_SLOTS: readonly string[] = [
  "purpose",
  "longTermGoal",
  "questions",
  "date",
  "time",
  "placeText",
  "link",
  "personTakesPart",
];
const ROW_SLOT = /^p(\d+)(Who|Entra|Name|Organisation|Email|Contribution)$/;

/**
 * A form refused for a personnummer in `fields` (turn-guard.ts): the error beside each of them
 * (rows' errors written into `form.rows`), or undefined when one has no place to show it.
 */
export function markPersonnummer(
  form: KallelseForm,
  fields: readonly string[],
  locale: Locale,
): Record<string, string> | undefined {
  const text = STRINGS[locale].notice.pnrField;
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const slot = ROW_SLOT.exec(f);
    const row = slot ? form.rows[Number(slot[1]) - 1] : undefined;
    if (slot && row) {
      const key = (slot[2] ?? "").toLowerCase() as keyof KallelseRow["err"];
      row.err[key] = text;
      // A picker holds an id the client chose, never typed text: cleared, so it is not looked up.
      if (key === "who") row.who = "";
      if (key === "entra") row.entra = "";
    } else if (DETAIL_SLOTS.includes(f)) errors[f] = text;
    else return undefined;
  }
  return fields.length ? errors : undefined;
}

export type KallelseParse =
  | { ok: true; details: KallelseDetails; participants: Participant[] }
  | { ok: false; errors: Record<string, string> };

/**
 * Validates the form. `reachable` tells whether a chosen Teams user has a saved conversation
 * reference in this tenant, or a chosen peer user was shown by that peer's directory. `scope`: the
 * kinds of service the consent leaves out (the case's verdict), never to be invited, and the case's
 * region, which decides who may be convened (workflow.ts participantRefusal: refused, never
 * changed). Rows left empty are ignored. Row errors are written into `form.rows`.
 * `selfInstall`: the bot may install itself in the convener's tenant, so a row may name someone
 * from Teams' people picker (`entra`) whom it never met; delivery decides whether they are reached.
 */
export function validateKallelseForm(
  form: KallelseForm,
  locale: Locale,
  reachable: Set<string>,
  scope: { excluded: readonly OrgType[]; region: RegionKey } = { excluded: [], region: "national" },
  selfInstall = false,
): KallelseParse {
  const e = STRINGS[locale].cases.errors;
  // Too long is not empty: "Fyll i det här" beside a filled-in field would only confuse.
  const textError = (issue: z.core.$ZodIssue) =>
    issue.code === "too_big" ? fill(e.tooLong, { max: Number(issue.maximum) }) : e.required;
  const v = form.values;
  const errors: Record<string, string> = {};
  const details = KallelseDetailsSchema.safeParse({
    purpose: v.purpose,
    longTermGoal: v.longTermGoal,
    questions: v.questions,
    date: v.date,
    time: v.time,
    durationMinutes: Number(v.duration),
    place:
      v.placeKind === "digital"
        ? { kind: "digital", link: v.link }
        : { kind: "in_person", text: v.placeText },
    personTakesPart: v.personTakesPart,
  });
  if (!details.success) {
    for (const issue of details.error.issues) {
      const [head, sub] = issue.path;
      const field =
        head === "place"
          ? sub === "link"
            ? "link"
            : "placeText"
          : head === "durationMinutes"
            ? "duration"
            : String(head);
      errors[field] =
        field === "date" ? e.date : field === "time" ? e.time : field === "link" ? e.link : textError(issue);
    }
  }
  const participants: Participant[] = [];
  for (const row of form.rows) {
    if (!row.who && !row.entra && !row.name && !row.contribution) continue;
    const [, keyId, personId] = PEER_VALUE.exec(row.who) ?? [];
    // Someone from the people picker: a Teams invitee in the convener's own tenant, named by their
    // Entra object id (services/self-install.ts) and, until Teams tells the bot, by "Namn".
    const newcomer = Boolean(row.entra) && !row.who;
    const who = newcomer
      ? { kind: "teams" as const, userId: row.entra, name: row.name }
      : row.who === EXTERNAL || (!row.who && row.name)
        ? {
            kind: "external" as const,
            name: row.name,
            organisation: row.organisation,
            ...(row.email ? { email: row.email } : {}),
          }
        : keyId && personId
          ? { kind: "peer" as const, keyId, personId }
          : { kind: "teams" as const, userId: row.who };
    const parsed = ParticipantSchema.safeParse({
      who,
      orgType: row.orgType,
      participation: row.role,
      contribution: row.contribution,
    });
    // Decision: both pickers set is refused beside the second, not settled silently: either could
    // be the slip, and the wrong one would be invited.
    if (row.entra && row.who) row.err.entra = e.whoAndNew;
    // Not looked up in `reachable`: the installation (or a reference found by AAD id) decides. Its
    // picker was offered when the form was shown; refused if the installation is set up no longer.
    else if (newcomer) row.err.entra = !isEntraId(row.entra) ? e.newUser : selfInstall ? "" : e.unknownUser;
    else if (who.kind === "teams" && !row.who) row.err.who = e.who;
    // A peer's user must be one its directory showed us (federation/client.ts `known`).
    else if (who.kind !== "external" && !reachable.has(row.who)) row.err.who = e.unknownUser;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path.at(-1);
        if (key === "name" || key === "organisation" || key === "contribution")
          row.err[key] = textError(issue);
        else if (key === "email") row.err.email = e.email;
        else row.err.who ||= e.who;
      }
    }
    if (parsed.success) {
      // workflow.ts decides; the refusal goes beside the field it is about, the row kept as typed.
      const refusal = participantRefusal(parsed.data, scope);
      const service = ORG_TYPE_NAMES[parsed.data.orgType][locale];
      if (refusal === "excluded_service") row.err.orgType = fill(e.excludedService, { service });
      if (refusal === "not_a_principal") row.err.role = fill(e.notPrincipal, { service });
    }
    if (parsed.success && !Object.values(row.err).some(Boolean)) participants.push(parsed.data);
  }
  if (participants.length === 0 && !form.rows.some((r) => Object.values(r.err).some(Boolean)))
    errors.participants = e.noParticipants;
  const rowErrors = form.rows.some((r) => Object.values(r.err).some(Boolean));
  if (!details.success || rowErrors || errors.participants) return { ok: false, errors };
  return { ok: true, details: details.data, participants };
}
