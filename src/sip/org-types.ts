/**
 * The kinds of service a case invites (CONTRACT v2 `OrgType`). Here, because src/sip imports
 * nothing of ours; src/cases/model.ts re-exports this list.
 */
export const ORG_TYPES = [
  "socialtjanst",
  "region",
  "kommunal_hsv",
  "skola",
  "forsakringskassan",
  "arbetsformedlingen",
  "narstaende",
  "annan",
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** How a service is named in a reason or the journal note. */
export const ORG_TYPE_NAMES: Record<OrgType, { sv: string; en: string }> = {
  socialtjanst: { sv: "socialtjänsten", en: "social services" },
  region: { sv: "regionens hälso- och sjukvård", en: "regional health care" },
  kommunal_hsv: { sv: "kommunal hälso- och sjukvård", en: "municipal health care" },
  skola: { sv: "skolan", en: "school" },
  forsakringskassan: { sv: "Försäkringskassan", en: "Försäkringskassan (Social Insurance Agency)" },
  arbetsformedlingen: { sv: "Arbetsförmedlingen", en: "Arbetsförmedlingen (Public Employment Service)" },
  narstaende: { sv: "närstående", en: "relatives" },
  annan: { sv: "annan aktör", en: "other party" },
};
