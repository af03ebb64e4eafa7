import { MessageFactory, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { z } from "zod/v4";
import { ORG_TYPES, type Case } from "../cases/model.js";
import { balance, effectiveParticipation, kallelseGate } from "../cases/workflow.js";
import { kallelseFormCard, messageCard, notDigitalCard } from "../cards/case-views.js";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import { consentResultCard, noticeCard } from "../cards/assess-consent-views.js";
import { stockholmToday, type Clock } from "../clock.js";
import type { Services } from "../services/index.js";
import { partnerValue } from "../services/people.js";
import { checkConsent, regionSettings, type Locale, type RegionKey } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { field, isCardKey, isUuid, uuid } from "./card-data.js";
import { parseConsentForm } from "./forms.js";
import { actingOf, actorOf } from "./identity.js";
import {
  blankErrors,
  isEntraId,
  markPersonnummer,
  readKallelseForm,
  validateKallelseForm,
  type KallelseForm,
} from "./kallelse-form.js";
import { localeOf } from "./locale.js";
import { newInvitee } from "./new-invitee.js";
import type { PeerDirectory, PickedPeer } from "./app.js";

export interface KallelseHandlerDeps {
  services: Services;
  peers?: PeerDirectory;
  clock: Clock;
  logger: Logger;
  defaultRegion: RegionKey;
}

/**
 * Case and kallelse, translated: the card's data is parsed here, the services decide and store,
 * and the answer is a card. A case is created from a consent verdict (only may_proceed + digital);
 * the kallelse is collected, sent, narrowed or ended from the convener's tracking card.
 */
export function kallelseHandlers(deps: KallelseHandlerDeps) {
  const { kallelse: cases, people } = deps.services;
  const { logger } = deps;
  const send = (context: TurnContext, card: Card) =>
    context.sendActivity(MessageFactory.attachment(attachment(card)));
  const notFound = (locale: Locale) => messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
  const closedCard = (locale: Locale, code: string) =>
    messageCard(locale, fill(STRINGS[locale].cases.errors.caseClosed, { code }));

  /** Picked "Vem" values naming a peer's user (federation), resolved to their names. */
  const pickedPeers = async (values: readonly string[]): Promise<ReadonlyMap<string, PickedPeer>> =>
    deps.peers ? deps.peers.known(values.filter((v) => v.startsWith("fed:"))) : new Map();

  async function formCard(context: TurnContext, c: Case, form: KallelseForm, errors = {}, warning?: string) {
    const { activity } = context;
    const picked = form.rows.map((r) => r.who);
    const peers = await pickedPeers(picked);
    const users = [
      ...(await people.partnerChoices(actingOf(activity), picked, localeOf(activity))),
      // A re-rendered form still shows the peer users picked in it: "Name (peer name)".
      ...[...peers].map(([value, p]) => ({ title: `${p.name} (${p.peerName})`, value })),
    ];
    return kallelseFormCard(localeOf(activity), {
      caseId: c.id,
      code: c.code,
      ...form,
      errors: { ...blankErrors(), ...errors },
      users,
      selfId: activity.from.id,
      selfInstall: deps.services.selfInstall(c.tenantId),
      ...(warning ? { balanceWarning: warning } : {}),
    });
  }

  /** The case a kallelse form belongs to, for its own convener only. */
  const ownCase = (context: TurnContext, caseId: unknown) =>
    isUuid(caseId) ? cases.ownCase(actorOf(context.activity), caseId) : Promise.resolve(undefined);
  /** The kallelse a tracking-card button names, for its case's convener only. */
  const ownKallelse = (context: TurnContext, data: unknown) => {
    const id = uuid(data, "kallelseId");
    return id ? cases.kallelse(actorOf(context.activity), id) : Promise.resolve(undefined);
  };

  return {
    /** "Skapa ärende och kallelse" on a verdict card: the verdict is recomputed here, never trusted. */
    createCase: async (context: TurnContext, data: unknown): Promise<Card> => {
      const { activity } = context;
      const locale = localeOf(activity);
      const form = parseConsentForm(field(data, "prefill"), deps.defaultRegion, stockholmToday(deps.clock));
      if (!form.ok) return noticeCard(locale, "badPayload");
      const result = checkConsent(form.input, locale);
      // The key this verdict card carries names the press: pressed again (a double click, Teams
      // resending the invoke, or later), it finds its case and creates and sends nothing, since the
      // user already has that case's form; the same verdict card answers. Without a key (a card
      // rendered before keys existed) each press creates a case, as before.
      const carriedKey = field(data, "idempotencyKey");
      const key = isCardKey(carriedKey) ? carriedKey : undefined;
      const verdictCard = consentResultCard(locale, result, form.values, uuid(data, "caseId") ?? "", key);
      const gate = kallelseGate(result);
      if (!gate.ok) {
        logger.info({ event: "kallelse_refused", why: gate.why });
        await send(context, notDigitalCard(locale, gate.why));
        return verdictCard;
      }
      const carried = field(data, "caseId");
      // A case taken over from a flag carries its id; anything else in that field finds nothing.
      if (carried !== undefined && carried !== "" && !isUuid(carried)) return notFound(locale);
      const opened = await cases.open(actingOf(activity), {
        ...(isUuid(carried) ? { caseId: carried } : {}),
        ...(key ? { verdictKey: key } : {}),
        region: form.input.region ?? deps.defaultRegion,
        verdict: {
          verdict: result.verdict,
          channel: result.channel,
          codes: result.reasons.map((r) => r.code),
          // The consent's scope: the kallelse refuses these kinds of service (submit below).
          excludedServices: result.excludedServices,
          // A minor turning 18: reminders before that day and on it (services/reconsent.ts).
          ...(result.reconsentOn ? { reconsentOn: result.reconsentOn } : {}),
        },
      });
      if (opened.kind === "not_found") return notFound(locale);
      if (opened.kind === "closed") return closedCard(locale, opened.case.code);
      if (opened.kind === "created") await send(context, await formCard(context, opened.case, blankForm()));
      return verdictCard;
    },

    /** "Fler deltagare": the same form with two more rows, values kept. */
    moreRows: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const c = await ownCase(context, field(data, "caseId"));
      if (!c) return notFound(locale);
      if (c.closed) return closedCard(locale, c.code);
      const form = readKallelseForm(data, Number(field(data, "rows")) + 2);
      return form ? formCard(context, c, form) : noticeCard(locale, "badPayload");
    },

    submit: async (context: TurnContext, data: unknown): Promise<Card> => {
      const { activity } = context;
      const locale = localeOf(activity);
      const c = await ownCase(context, field(data, "caseId"));
      if (!c) return notFound(locale);
      if (c.closed) return closedCard(locale, c.code);
      const form = readKallelseForm(data);
      if (!form) return noticeCard(locale, "badPayload");
      const chosen = form.rows.map((r) => r.who).filter((w) => w && w !== "external");
      // "Vem" may name a colleague of another served tenant (people.ts: partnerValue).
      const reachable = await people.reachablePartners(c.tenantId, chosen);
      const peers = await pickedPeers(chosen);
      const scope = { excluded: c.verdict?.excludedServices ?? [], region: c.region };
      const known = new Set([...reachable.keys(), ...peers.keys()]);
      const selfInstall = deps.services.selfInstall(c.tenantId);
      const parsed = validateKallelseForm(form, locale, known, scope, selfInstall);
      if (!parsed.ok) return formCard(context, c, form, parsed.errors);
      const b = balance(parsed.participants, regionSettings(c.region).balanceMaxProfessionalsPerFamilyMember);
      if (b.imbalanced && form.values.balanceAck !== "true")
        return formCard(context, c, form, {}, fill(STRINGS[locale].cases.kallelse.balanceWarning, b));

      const { kallelse } = await cases.send(actingOf(activity), c, {
        details: parsed.details,
        invitees: parsed.participants.map((p) => newInvitee(c, p, reachable, peers)),
        ...(form.idempotencyKey ? { formKey: form.idempotencyKey } : {}),
        // The tracking card replaces this form: its activity is the one the button was pressed on.
        ...(activity.replyToId
          ? { trackingAt: { conversationId: activity.conversation.id, activityId: activity.replyToId } }
          : {}),
      });
      // Answered now with every invitee "Skickas …"; the card is updated in place as they are sent.
      return cases.tracking(c, kallelse, locale);
    },

    refreshTracking: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const id = uuid(data, "kallelseId");
      const found = id && (await cases.kallelse(actorOf(context.activity), id, "view"));
      return found ? cases.tracking(found.c, found.k, locale) : notFound(locale);
    },

    /**
     * "Återkalla samtycke delvis" on the tracking card: the scope narrows and the SIP goes on, or it
     * ends for want of a joint plan (services/kallelse.ts); the tracking card shows either.
     */
    narrowScope: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const found = await ownKallelse(context, data);
      if (!found) return notFound(locale);
      const { c, k } = found;
      if (c.closed) return cases.tracking(c, k, locale);
      const picked = Withdrawn.safeParse(field(data, "withdrawnServices") ?? "");
      if (!picked.success) return cases.tracking(c, k, locale, STRINGS[locale].cases.tracking.pickServices);
      const outcome = await cases.narrow(actingOf(context.activity), c, picked.data);
      return outcome.kind === "not_found" ? notFound(locale) : cases.tracking(outcome.case, k, locale);
    },

    /** "Samtycket återkallat helt" on the tracking card: the SIP ends (services/kallelse.ts). */
    withdrawConsent: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const found = await ownKallelse(context, data);
      const closed = found && (await cases.withdrawConsent(actingOf(context.activity), found.c));
      return found && closed ? cases.tracking(closed, found.k, locale) : notFound(locale);
    },

    /**
     * "Kalla till uppföljning" on a reminder (plan.ts): a new kallelse form for the case, filled
     * in from the latest kallelse — purpose, goal, place, the same participants — on the
     * follow-up date; the convener checks it and sends it like every kallelse.
     */
    sendFollowUpForm: async (context: TurnContext, c: Case): Promise<void> => {
      const found = await cases.latest(actorOf(context.activity), c.id);
      if (!found) return;
      const { k, invitees, plan } = found;
      const d = k.details;
      const standing = invitees.filter(
        (i) => !["declined", "substituted", "forwarded", "withdrawn"].includes(i.status),
      );
      const data: Record<string, string> = {
        purpose: d.purpose,
        longTermGoal: d.longTermGoal,
        questions: d.questions,
        date: plan?.followUpDate ?? "",
        time: d.time,
        duration: String(d.durationMinutes),
        placeKind: d.place.kind,
        ...(d.place.kind === "in_person" ? { placeText: d.place.text } : { link: d.place.link }),
        personTakesPart: d.personTakesPart,
      };
      standing.forEach((i, n) => {
        // Still named by the Entra id the people picker gave (never reached): that picker again.
        const picked = i.kind === "teams" && isEntraId(i.userId);
        const row: Record<string, string | undefined> = {
          ...(picked ? { Entra: i.userId, Name: i.name } : {}),
          Who: picked
            ? undefined
            : i.kind === "external"
              ? "external"
              : i.kind === "peer"
                ? // A peer's user again, as "Vem" named them (federation/client.ts peerValue).
                  `fed:${i.peerKeyId ?? ""}:${i.peerPersonId ?? ""}`
                : i.userId &&
                  partnerValue(c.tenantId, { tenantId: i.tenantId ?? c.tenantId, userId: i.userId }),
          ...(i.kind === "external" ? { Name: i.name, Organisation: i.organisation, Email: i.email } : {}),
          OrgType: i.orgType,
          // One stored as convened before v3 who is no principal is invited now (workflow.ts).
          Role: effectiveParticipation(i, c.region),
          Contribution: i.contribution,
        };
        for (const [f, v] of Object.entries(row)) if (v) data[`p${n + 1}${f}`] = v;
      });
      const form = readKallelseForm(data, Math.max(standing.length, 1));
      if (form) await send(context, await formCard(context, c, form));
    },

    /**
     * A submit or "Fler deltagare" refused for a personnummer (turn-guard.ts): this form again,
     * typed values kept, the fields marked; only for the case's own convener (as submit).
     */
    refusedForm: async (context: TurnContext, data: unknown, fields: string[]) => {
      const c = await ownCase(context, field(data, "caseId"));
      const form = c && readKallelseForm(data);
      const errors = form && markPersonnummer(form, fields, localeOf(context.activity));
      return c && form && errors ? formCard(context, c, form, errors) : undefined;
    },
  };
}

const blankForm = () => readKallelseForm({}) as KallelseForm;

/** The services picked on the tracking card: a multi-select sends them comma-separated. */
const Withdrawn = z
  .string()
  .max(500)
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(z.enum(ORG_TYPES)).min(1));
