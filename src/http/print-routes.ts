import express, { type ErrorRequestHandler, type Response } from "express";
import { invitationIcs, invitationText, type PrintableInvitation } from "../cases/printable.js";
import type { PrintLinks } from "../store/print-links.js";

export interface PrintRoutesDeps {
  links: Pick<PrintLinks, "resolve">;
  load: (inviteeId: string) => Promise<PrintableInvitation | undefined>;
  clock: { now(): Date };
  /** The answer page for the same token (answer-routes.ts), printed in the letter. */
  answerUrl?: (token: string) => string;
}

// The token and an optional ".ics"; anything else is not a link we made, so no query is spent on it.
const FILE = /^([A-Za-z0-9_-]{43})(\.ics)?$/;

// The same answer for malformed, unknown and expired tokens: nothing tells whether a link existed.
const NOT_FOUND = "Länken är ogiltig eller har gått ut. Be den som skickade kallelsen om en ny länk.\n";

/**
 * GET /kallelse/:token (the letter as text, Swedish; ?lang=en for English) and
 * GET /kallelse/:token.ics (the meeting for a calendar), for invitees reached by e-mail or post.
 */
export function printRoutes(deps: PrintRoutesDeps): express.Router {
  const router = express.Router();

  router.use("/kallelse", (_req, res, next) => {
    // The letter holds case text: keep it out of caches, search engines and other sites' logs.
    res.set({
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    });
    next();
  });

  router.get("/kallelse/:file", async (req, res, next) => {
    try {
      const match = FILE.exec(req.params.file);
      if (!match?.[1]) return notFound(res);
      const now = deps.clock.now();
      const inviteeId = await deps.links.resolve(match[1], now);
      const inv = inviteeId === undefined ? undefined : await deps.load(inviteeId);
      if (!inv) return notFound(res);

      const locale = req.query.lang === "en" ? "en" : "sv";
      if (match[2]) {
        res
          .status(200)
          .type("text/calendar; charset=utf-8")
          .set("Content-Disposition", `attachment; filename="${icsFileName(inv.caseCode)}"`)
          .send(invitationIcs(inv, now, locale));
      } else {
        res
          .status(200)
          .type("text/plain; charset=utf-8")
          .set("Content-Language", locale)
          .send(
            invitationText(deps.answerUrl ? { ...inv, answerUrl: deps.answerUrl(match[1]) } : inv, locale),
          );
      }
    } catch (err) {
      next(err);
    }
  });

  // Not even valid percent-encoding (/kallelse/%ff): express fails to decode the token, and such
  // a link is just another one we never made.
  const undecodable: ErrorRequestHandler = (err, _req, res, next) =>
    err instanceof URIError ? notFound(res) : next(err);
  router.use("/kallelse", undecodable);

  return router;
}

function notFound(res: Response): void {
  res.status(404).type("text/plain; charset=utf-8").set("Content-Language", "sv").send(NOT_FOUND);
}

/** "SIP-7F3K" → "sip-7F3K.ics"; only safe characters reach the header. */
function icsFileName(caseCode: string): string {
  const code = caseCode.replace(/^SIP-/i, "").replace(/[^A-Za-z0-9-]/g, "");
  return `sip-${code || "kallelse"}.ics`;
}
