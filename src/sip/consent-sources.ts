import { SRC } from "./sources.js";

/**
 * Legal provisions the consent v2 rules cite (CONTRACT v2), kept apart from the seed citations in
 * sources.ts. Each was checked against a text we read; where the section number in SoL (2025:400)
 * could not be confirmed, the act and its bill are cited, with the old 2001:453 number in brackets
 * because staff still know it by that.
 */
export const LAW = {
  fb13second: "Föräldrabalken 6 kap. 13 § andra stycket",
  fb13a: "Föräldrabalken 6 kap. 13 a §, prop. 2011/12:53",
  sol12:
    "Socialtjänstlagen (2025:400), prop. 2024/25:89 [tidigare 3 kap. 6 a och 6 b §§ SoL (2001:453), prop. 2022/23:64]",
  osl: "Offentlighets- och sekretesslagen (2009:400) 12 kap. 3 §",
  lvu11: "LVU 11 §",
  fullmakt: "Lag (2017:310) om framtidsfullmakter",
  anhorig: "Föräldrabalken 17 kap. (anhörigbehörighet)",
  // v3. LVU 21 § tredje stycket (care under 3 § ends at 21) was checked against JO 1060-2017 and
  // commentary; the other acts are cited without a section we could not confirm.
  lvu21: "Lag (1990:52) med särskilda bestämmelser om vård av unga (LVU) 21 § tredje stycket",
  lvu: "Lag (1990:52) med särskilda bestämmelser om vård av unga (LVU)",
  custody: "Föräldrabalken 6 kap. (ändrad vårdnad)",
  LVM: "Lag (1988:870) om vård av missbrukare i vissa fall (LVM)",
  LPT: "Lag (1991:1128) om psykiatrisk tvångsvård (LPT)",
  LRV: "Lag (1991:1129) om rättspsykiatrisk vård (LRV)",
  patient: "Patientlag (2014:821) 4 kap. 2 §",
} as const;

/** Sources of the v2 reasons: the law first, then the seed section that applies it to SIP. */
export const SRC_V2 = {
  unreachable: `${LAW.fb13second}; ${SRC.faq(2)}`,
  oneRefuses: `${LAW.fb13a}; ${SRC.faq(2)}`,
  child12: `${LAW.sol12}; ${LAW.osl}`,
  youthObjects: `${LAW.lvu11}; ${SRC.faq(14)}`,
  // v3 rule 7: the legal routes past a guardian's consent, then the seeds on protected data.
  protectedFromGuardian: `${LAW.fb13a}; ${LAW.fb13second}; ${LAW.lvu}; ${LAW.custody}; ${SRC.varmlandProtected}; ${SRC.varmlandViolence}`,
  presumedViolence: `${SRC.varmlandViolence}; ${SRC.participation}`,
  fullmakt: `${LAW.fullmakt}; ${SRC.faq(9)}`,
  anhorig: `${LAW.anhorig}; ${SRC.uppsalaConsent}`,
  scope: `${SRC.participation}; ${SRC.faq(13)}`,
  journal: SRC.faq(13),
  /** The journal note's line on protected personal data: Region Uppsala's routine (manual only). */
  journalProtected: SRC.uppsalaProtected,
} as const;

/** Sources of the v3 consent reasons (CONTRACT v3). */
export const SRC_V3 = {
  bothPrincipals: `${SRC.law}; ${SRC.faq(13)}`,
  lvuYoungAdult: `${LAW.lvu21}; ${SRC.participation}`,
  compulsory: (act: "LVM" | "LPT" | "LRV") =>
    act === "LVM"
      ? `${LAW.LVM}; ${SRC.participation}`
      : `${LAW[act]}; ${SRC.dischargeLaw}; ${SRC.participation}`,
  reconsent: `${SRC.uppsalaConsent}; ${SRC.participation}`,
  representativeScope: `${LAW.patient}; ${SRC.faq(9)}; ${SRC.whoInitiates}`,
} as const;
