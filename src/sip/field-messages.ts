import type { Locale } from "./schemas.js";

/**
 * The input schemas' own field messages, in both languages. The schemas carry the Swedish text
 * (what the library has always given); fieldMessage turns it into English for `--lang en`.
 * Every message a schema gives is a pair here, so none exists in one language only.
 */
export const FIELD_MESSAGES = {
  wholeYears: { sv: "ska vara ett helt antal år", en: "must be a whole number of years" },
  atMostTwoGuardians: {
    sv: "ett barn har högst två vårdnadshavare",
    en: "a child has at most two guardians",
  },
  todayWithExpiry: {
    sv: "krävs när expiresOn anges (motorn läser aldrig klockan)",
    en: "required when expiresOn is given (the engine never reads the clock)",
  },
  guardiansForChildren: {
    sv: "gäller bara barn under 18 år; en vuxen samtycker själv (personConsent)",
    en: "only for children under 18; an adult consents for themselves (personConsent)",
  },
  forvaltareForAdults: {
    sv: "förvaltare gäller vuxna; ett barn företräds av vårdnadshavare",
    en: "a förvaltare (administrator) is for adults; a child is represented by guardians",
  },
  specialGuardianForChildren: {
    sv: "särskilt förordnad vårdnadshavare gäller barn under 18 år",
    en: "a särskilt förordnad vårdnadshavare (special guardian) is for children under 18",
  },
  guardiansOrRepresentative: {
    sv: "ange antingen vårdnadshavare eller en företrädare i deras ställe, inte båda",
    en: "give either guardians or a representative in their place, not both",
  },
  adultRepresentativeKinds: {
    sv: "framtidsfullmakt och anhörigbehörighet gäller vuxna",
    en: "framtidsfullmakt and anhörigbehörighet are for adults",
  },
  givenAfterToday: {
    sv: "kan inte ligga efter today",
    en: "cannot be after today",
  },
  lvuUntil21: {
    sv: "vård enligt LVU upphör senast när den unge fyller 21 år (LVU 21 §)",
    en: "care under LVU ends at the latest when the young person turns 21 (LVU 21 §)",
  },
  turns18OnForMinors: {
    sv: "gäller bara barn under 18 år",
    en: "only for children under 18",
  },
  turns18OnMatchesAge: {
    sv: "stämmer inte med age på bedömningsdagen (today)",
    en: "does not match age on the date of evaluation (today)",
  },
  dateFormat: { sv: "ska vara ett datum på formen ÅÅÅÅ-MM-DD", en: "must be a date as YYYY-MM-DD" },
  dateExists: { sv: "är inte ett giltigt datum", en: "is not a date that exists" },
} as const satisfies Record<string, Record<Locale, string>>;

const ENGLISH = new Map<string, string>(Object.values(FIELD_MESSAGES).map((m) => [m.sv, m.en]));

/** A schema's field message in the given language; zod's own messages follow its locale. */
export function fieldMessage(message: string, locale: Locale): string {
  return locale === "en" ? (ENGLISH.get(message) ?? message) : message;
}
