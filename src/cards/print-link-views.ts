import { fill } from "../sip/text.js";
import type { Locale } from "../sip/index.js";
import { STRINGS } from "./render.js";

/** One paper invitee's links on the convener's tracking card. */
export interface PrintLink {
  name: string;
  inviteeId: string;
  /** Live links: each "Hämta utskrift" makes one; 0 once revoked or expired (or none made yet). */
  live: number;
  /**
   * The link just made, on the card that answers that press only. Only a hash of its token is
   * stored (store/print-links.ts), so no later render of the card can show it again.
   */
  minted?: { printUrl: string; icsUrl: string; answerUrl: string };
}

/** The tracking card's `links` (cards/tracking.json). */
export function printLinkRows(locale: Locale, links: readonly PrintLink[]) {
  const t = STRINGS[locale].cases.tracking;
  return links.map((l) => ({
    name: l.name,
    inviteeId: l.inviteeId,
    live: l.live > 0,
    liveText: l.live > 0 ? fill(t.liveLinks, { count: l.live }) : t.noLink,
    minted: Boolean(l.minted),
    printUrl: l.minted?.printUrl ?? "",
    icsUrl: l.minted?.icsUrl ?? "",
    answerUrl: l.minted?.answerUrl ?? "",
  }));
}
