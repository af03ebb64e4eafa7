import express, { type ErrorRequestHandler, type Request, type Response } from "express";
import type { Logger } from "pino";
import { z } from "zod/v4";
import { containsPersonnummer } from "../bot/pnr-guard.js";
import type { PaperAction } from "../cases/workflow.js";
import type { AnswerService } from "../services/answers.js";
import { isPrintToken } from "../store/print-links.js";
import {
  ANSWER_CSP,
  ANSWER_STRINGS,
  answeredPage,
  formPage,
  messagePage,
  type FormState,
  type PageLocale,
} from "./answer-html.js";

export interface AnswerRoutesDeps {
  answers: Pick<AnswerService, "view" | "answerByLink">;
  /** This instance's public address (PUBLIC_URL): a POST's Origin must be it. */
  publicUrl: () => string;
  logger: Logger;
}

/** What the form sends; anything else (another answer value, a field too long) is not our form. */
const AnswerFormSchema = z.object({
  answer: z.enum(["accept", "decline", "substitute"]).optional(),
  reason: z.string().max(500).optional(),
  substitute: z.string().max(120).optional(),
});

/** Swedish unless the browser prefers English (Accept-Language). */
const localeOf = (req: Request): PageLocale => (req.acceptsLanguages("sv", "en") === "en" ? "en" : "sv");

/**
 * CSRF without cookies or script: the page holds no session, so the token in the address is the
 * only authority, and a POST from any other site is refused. Sec-Fetch-Site (sent by current
 * browsers whatever the referrer policy) must say same-origin; without it, an Origin header must be
 * this instance's public origin. A request with neither is no browser's cross-site form (curl,
 * an old client): it holds the token itself, so refusing it would protect nothing.
 */
function sameOrigin(req: Request, publicUrl: string): boolean {
  const site = req.get("sec-fetch-site");
  if (site !== undefined) return site === "same-origin";
  const origin = req.get("origin");
  if (origin === undefined) return true;
  try {
    return origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/**
 * GET /svar/:token shows the answer page (a form, or the answer already given) and never answers,
 * so mail link-scanners that follow links change nothing; POST /svar/:token answers, once.
 */
export function answerRoutes(deps: AnswerRoutesDeps): express.Router {
  const router = express.Router();

  router.use("/svar", (_req, res, next) => {
    res.set({
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
      // Not no-referrer: with it browsers send "Origin: null" on the form's POST. same-origin still
      // sends nothing (not the token) to any other site, and a real Origin to us.
      "Referrer-Policy": "same-origin",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": ANSWER_CSP,
      "X-Frame-Options": "DENY",
      Vary: "Accept-Language",
    });
    next();
  });

  const send = (res: Response, status: number, locale: PageLocale, html: string) =>
    res.status(status).type("text/html; charset=utf-8").set("Content-Language", locale).send(html);
  // The same page for malformed, unknown, expired and revoked links: nothing tells which.
  const notFound = (res: Response, locale: PageLocale) =>
    send(res, 404, locale, messagePage(locale, ANSWER_STRINGS[locale].notFound));

  router.get("/svar/:token", async (req, res, next) => {
    try {
      const locale = localeOf(req);
      const token = req.params.token;
      const view = isPrintToken(token) ? await deps.answers.view(token) : undefined;
      if (!view) return notFound(res, locale);
      send(
        res,
        200,
        locale,
        view.answered ? answeredPage(view, locale, token, "already") : formPage(view, locale, token),
      );
    } catch (err) {
      next(err);
    }
  });

  const body = express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 10 });
  router.post("/svar/:token", body, async (req, res, next) => {
    try {
      const locale = localeOf(req);
      const t = ANSWER_STRINGS[locale];
      const token = req.params.token;
      if (!isPrintToken(token)) return notFound(res, locale);
      if (!sameOrigin(req, deps.publicUrl())) {
        deps.logger.warn({ event: "answer_cross_site_refused" });
        return send(res, 403, locale, messagePage(locale, t.crossSite));
      }
      const view = await deps.answers.view(token);
      if (!view) return notFound(res, locale);
      if (view.answered) return send(res, 409, locale, answeredPage(view, locale, token, "already"));

      const parsed = AnswerFormSchema.safeParse(req.body);
      if (!parsed.success) {
        const long = parsed.error.issues.some((i) => i.code === "too_big");
        return send(
          res,
          400,
          locale,
          formPage(view, locale, token, { error: long ? t.errors.tooLong : t.errors.pick }),
        );
      }
      const form = parsed.data;
      const reason = form.reason?.trim() ?? "";
      const substitute = form.substitute?.trim() ?? "";
      const typed: FormState = { ...form, reason: form.reason ?? "", substitute: form.substitute ?? "" };
      const refuse = (error: string, invalid?: FormState["invalid"]) =>
        send(
          res,
          422,
          locale,
          formPage(view, locale, token, { ...typed, error, ...(invalid ? { invalid } : {}) }),
        );

      // The personnummer guard first, on both texts whatever answer is chosen: neither is stored.
      if (containsPersonnummer(form.reason ?? "") || containsPersonnummer(form.substitute ?? "")) {
        deps.logger.warn({ event: "pnr_refused", route: "answer_page" });
        return refuse(t.errors.pnr, containsPersonnummer(form.reason ?? "") ? "reason" : "substitute");
      }
      let action: PaperAction;
      if (form.answer === "accept") action = { kind: "accept" };
      else if (form.answer === "decline") {
        if (!reason) return refuse(t.errors.reasonRequired, "reason");
        action = { kind: "decline", reason };
      } else if (form.answer === "substitute") {
        if (!substitute) return refuse(t.errors.nameRequired, "substitute");
        action = { kind: "substitute", name: substitute };
      } else return refuse(t.errors.pick);

      const done = await deps.answers.answerByLink(token, action);
      if (done.kind === "not_found") return notFound(res, locale);
      // A concurrent answer got there first: the one that counts is shown, as already given.
      const note = done.kind === "changed" ? "thanks" : "already";
      send(res, done.kind === "changed" ? 200 : 409, locale, answeredPage(done.view, locale, token, note));
    } catch (err) {
      next(err);
    }
  });

  // A body too large or unreadable, or an undecodable address: a page, not the API's JSON.
  const bodyErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
    const locale = localeOf(req);
    if (err instanceof URIError) return notFound(res, locale);
    const type = typeof err === "object" && err !== null && "type" in err ? err.type : undefined;
    if (type === "entity.too.large")
      return send(res, 413, locale, messagePage(locale, ANSWER_STRINGS[locale].errors.tooLong));
    if (typeof type === "string")
      return send(res, 400, locale, messagePage(locale, ANSWER_STRINGS[locale].badRequest));
    next(err);
  };
  router.use("/svar", bodyErrors);
  return router;
}
