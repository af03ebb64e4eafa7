import type { TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { messageCard } from "../cards/case-views.js";
import { RECORD_FIELDS, recordAnswerCard } from "../cards/record-answer-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import type { PaperAction } from "../cases/workflow.js";
import type { Services } from "../services/index.js";
import type { Locale } from "../sip/index.js";
import { text, uuid } from "./card-data.js";
import { actingOf } from "./identity.js";
import { localeOf } from "./locale.js";

const Answer = z.enum(["accept", "decline", "substitute"]);

/**
 * "Registrera svar" on the tracking card: the convener records an answer a paper invitee gave by
 * phone or post (services/answers.ts; the rule is workflow.ts's answerOnPaper). Only the case's
 * convener, only for a printable invitee of that kallelse; anyone else gets the not-found card.
 */
export function recordAnswerHandlers(services: Services) {
  const { answers, kallelse } = services;

  async function load(context: TurnContext, data: unknown) {
    const kallelseId = uuid(data, "kallelseId");
    const inviteeId = uuid(data, "inviteeId");
    const found =
      kallelseId && inviteeId
        ? await answers.printable(actingOf(context.activity), kallelseId, inviteeId)
        : undefined;
    return found && { found, kallelseId: found.k.id, inviteeId: found.invitee.id };
  }

  /** Already answered (a second press) or no longer printable: the convener's tracking card as it stands. */
  async function trackingOr404(context: TurnContext, data: unknown, locale: Locale): Promise<Card> {
    const id = uuid(data, "kallelseId");
    const own = id && (await kallelse.kallelse(actingOf(context.activity), id));
    return own
      ? kallelse.tracking(own.c, own.k, locale)
      : messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
  }

  const typedOf = (data: unknown) => ({
    answer: text(data, "answer", 20),
    reason: text(data, "reason"),
    substituteName: text(data, "substituteName", 120),
  });

  return {
    open: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const l = await load(context, data);
      if (!l) return trackingOr404(context, data, locale);
      return recordAnswerCard(locale, {
        kallelseId: l.kallelseId,
        inviteeId: l.inviteeId,
        name: l.found.invitee.name,
      });
    },

    save: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const l = await load(context, data);
      if (!l) return trackingOr404(context, data, locale);
      const t = STRINGS[locale].cases;
      const typed = typedOf(data);
      const base = { kallelseId: l.kallelseId, inviteeId: l.inviteeId, name: l.found.invitee.name, typed };
      const answer = Answer.safeParse(typed.answer);
      let action: PaperAction;
      if (!answer.success) return recordAnswerCard(locale, { ...base, errors: { form: t.record.pick } });
      if (answer.data === "accept") action = { kind: "accept" };
      else if (answer.data === "decline") {
        if (!typed.reason)
          return recordAnswerCard(locale, { ...base, errors: { reason: t.invite.reasonRequired } });
        action = { kind: "decline", reason: typed.reason };
      } else {
        if (!typed.substituteName)
          return recordAnswerCard(locale, { ...base, errors: { substituteName: t.record.nameRequired } });
        action = { kind: "substitute", name: typed.substituteName };
      }
      await answers.record(actingOf(context.activity), l.kallelseId, l.inviteeId, action);
      return trackingOr404(context, data, locale);
    },

    /** A reason or substitute refused for a personnummer (turn-guard.ts): the card again, marked. */
    refusedForm: async (context: TurnContext, data: unknown, fields: string[]): Promise<Card | undefined> => {
      const locale = localeOf(context.activity);
      if (!fields.every((f) => RECORD_FIELDS.includes(f))) return undefined;
      const l = await load(context, data);
      if (!l) return undefined;
      const pnr = STRINGS[locale].notice.pnrField;
      return recordAnswerCard(locale, {
        kallelseId: l.kallelseId,
        inviteeId: l.inviteeId,
        name: l.found.invitee.name,
        typed: typedOf(data),
        errors: {
          ...(fields.includes("reason") ? { reason: pnr } : {}),
          ...(fields.includes("substituteName") ? { substituteName: pnr } : {}),
        },
      });
    },
  };
}
