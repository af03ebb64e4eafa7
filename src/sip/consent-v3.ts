import { SRC_V3 } from "./consent-sources.js";
import { f, type Found } from "./consent-parties.js";
import { longDate } from "./dates.js";
import { ORG_TYPE_NAMES, type OrgType } from "./org-types.js";
import { missingSides, type Side } from "./principals.js";
import { ADULT_AGE, type CompulsoryCare, type ConsentInput, type Locale } from "./schemas.js";

/**
 * The findings CONTRACT v3 adds to a consent check. All but SIP_NEEDS_BOTH_PRINCIPALS are notes:
 * none changes the verdict, so the verdict stays monotone (v2 rule 1).
 */

const txt = (locale: Locale, sv: string, en: string) => (locale === "sv" ? sv : en);

const SIDE_NAMES: Record<Side, { sv: string; en: string }> = {
  social_services: { sv: "socialtjänsten", en: "social services" },
  health_care: {
    sv: "hälso- och sjukvården (varken regionens eller den kommunala)",
    en: "health care (neither the region's nor the municipality's)",
  },
};

const OPEN_CARE: Record<"LPT" | "LRV", { sv: string; en: string }> = {
  LPT: {
    sv: "öppen psykiatrisk tvångsvård",
    en: "compulsory outpatient psychiatric care (öppen psykiatrisk tvångsvård)",
  },
  LRV: {
    sv: "öppen rättspsykiatrisk vård",
    en: "outpatient forensic psychiatric care (öppen rättspsykiatrisk vård)",
  },
};

const ACT_NAMES: Record<CompulsoryCare, { sv: string; en: string }> = {
  LVM: {
    sv: "lagen (1988:870) om vård av missbrukare i vissa fall (LVM)",
    en: "LVM (act 1988:870 on care of substance abusers in certain cases)",
  },
  LPT: {
    sv: "lagen (1991:1128) om psykiatrisk tvångsvård (LPT)",
    en: "LPT (act 1991:1128 on compulsory psychiatric care)",
  },
  LRV: {
    sv: "lagen (1991:1129) om rättspsykiatrisk vård (LRV)",
    en: "LRV (act 1991:1129 on forensic psychiatric care)",
  },
};

const REP_NAMES = {
  forvaltare: { sv: "förvaltare", en: "administrator, förvaltare" },
  god_man: { sv: "god man", en: "trustee, god man" },
  framtidsfullmakt: { sv: "framtidsfullmaktshavare", en: "holder of a continuing power of attorney" },
  sarskilt_forordnad_vardnadshavare: {
    sv: "särskilt förordnad vårdnadshavare",
    en: "court-appointed special guardian",
  },
} as const;

/**
 * v3 rule 1: a scope with no social-services side or no health-care side leaves no joint plan.
 * A block with no party: no decision route lifts it, and no party's answer changes it. Whatever
 * else is excluded still narrows the plan (v2 rule 10), named once in CONSENT_SCOPE_LIMITED.
 */
export function scopeFindings(excluded: readonly OrgType[], locale: Locale): Found[] {
  const out: Found[] = [];
  const missing = missingSides(excluded);
  if (missing.length) {
    const sides = missing.map((s) => SIDE_NAMES[s][locale]).join(txt(locale, " och ", " and "));
    out.push(f("SIP_NEEDS_BOTH_PRINCIPALS", "block", { params: { sides } }));
  }
  // The principals' own kinds are named by SIP_NEEDS_BOTH_PRINCIPALS when their side is gone.
  const gone = new Set<OrgType>(
    missing.flatMap((s): OrgType[] =>
      s === "social_services" ? ["socialtjanst"] : ["region", "kommunal_hsv"],
    ),
  );
  const rest = excluded.filter((s) => !gone.has(s));
  if (rest.length) {
    const services = rest.map((s) => ORG_TYPE_NAMES[s][locale]).join(", ");
    out.push(f("CONSENT_SCOPE_LIMITED", "note", { params: { services } }));
  }
  return out;
}

/** v3 rules 2, 3 and 6: notes beside the parties' findings, when the consent still stands. */
export function v3Notes(input: ConsentInput, locale: Locale): Found[] {
  const out: Found[] = [];
  // Rule 2: LVU care under 3 § can go on at 18–20 (the schema refuses it from 21).
  if (input.lvu?.inCare && input.age >= ADULT_AGE)
    out.push(f("LVU_YOUNG_ADULT", "note", { params: { age: input.age } }));
  if (input.compulsoryCare) out.push(compulsoryNote(input.compulsoryCare, locale));
  // Rule 6: one caveat for every representative who answers. A god man whose mandate does not
  // cover the person is no representative here (v2 rule 9), and anhörigbehörighet never is.
  const rep = input.representative;
  const answered = rep && (rep.consent === "given" || rep.consent === "refused");
  const noMandate = rep?.kind === "god_man" && rep.mandateCoversPerson === false;
  if (rep && answered && !noMandate && rep.kind !== "anhorigbehorighet")
    out.push(f("REPRESENTATIVE_SCOPE", "note", { params: { kind: REP_NAMES[rep.kind][locale] } }));
  return out;
}

/** Rule 3: the SIP stays voluntary under compulsory care; ÖPT/ÖRV also need a samordnad vårdplan. */
function compulsoryNote(act: CompulsoryCare, locale: Locale): Found {
  const plan =
    act === "LVM"
      ? ""
      : txt(
          locale,
          ` Före utskrivning till ${OPEN_CARE[act].sv} krävs dessutom en samordnad vårdplan (lagen (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård), vid sidan av en eventuell SIP.`,
          ` Before discharge to ${OPEN_CARE[act].en}, a samordnad vårdplan (coordinated care plan, act 2017:612) is also required, beside any SIP.`,
        );
  return f("COMPULSORY_CARE_CONSENT", "note", {
    params: { act: ACT_NAMES[act][locale], plan },
    source: SRC_V3.compulsory(act),
  });
}

/**
 * Rule 4: a minor's consent from the guardians ends at 18. The schema has checked that the date
 * fits the age; the note and `reconsentOn` go together, even when the consent has ended otherwise.
 */
export function reconsentOn(input: ConsentInput): string | undefined {
  return input.age < ADULT_AGE ? input.turns18On : undefined;
}
export function reconsentFinding(input: ConsentInput, locale: Locale): Found[] {
  const on = reconsentOn(input);
  return on ? [f("RECONSENT_AT_18", "note", { params: { date: longDate(on, locale) } })] : [];
}
