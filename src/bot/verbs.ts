/**
 * Action.Execute verbs: the one list that the routes register and the card templates use
 * (templates read them as `${$root.verbs.X}`), so a renamed verb cannot drift apart.
 */
export const VERBS = {
  openAssess: "assess.open",
  submitAssess: "assess.submit",
  openConsent: "consent.open",
  submitConsent: "consent.submit",
  comingSoon: "soon",
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
