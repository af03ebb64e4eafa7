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
  readArticle: "knowledge.article",
  createCase: "case.create",
  submitKallelse: "kallelse.submit",
  kallelseRows: "kallelse.rows",
  acceptInvite: "invite.accept",
  declineInvite: "invite.decline",
  substituteInvite: "invite.substitute",
  forwardInvite: "invite.forward",
  refreshInvite: "invite.refresh",
  refreshTracking: "tracking.refresh",
  narrowScope: "tracking.narrow-scope",
  withdrawConsent: "tracking.withdraw-consent",
  revokePrintLink: "print.revoke",
  /**
   * "Hämta utskrift": a new printable link, shown on that answer only; data: { kallelseId, inviteeId }.
   * Still "print.renew", so a "Ny länk" on a tracking card sent before links were hashed answers too.
   */
  mintPrintLink: "print.renew",
  /** "Registrera svar" on the tracking card: the record card for a paper invitee; data: { kallelseId, inviteeId }. */
  openRecordAnswer: "answer.open-record",
  /** "Spara svar" on that card; data: { kallelseId, inviteeId } and answer, reason, substituteName. */
  recordAnswer: "answer.record",
  openFlag: "flag.open",
  sendFlag: "flag.send",
  takeFlag: "flag.take",
  passFlag: "flag.pass",
  refreshFlag: "flag.refresh",
  /** "Mina SIP" from the welcome card: the list comes as a new message. */
  openMine: "mine.open",
  /** A page of "Mina SIP" in place ("Visa fler"); data: { offset }. */
  showMine: "mine.show",
  /** "Registrera SIP-möte" on the tracking card: the plan form; data: { kallelseId }. */
  openPlan: "plan.open",
  /** "Spara plan"; data: { kallelseId } and the form's inputs. */
  savePlan: "plan.save",
  /** A reminder's buttons; data: { reminderId } (and the new date or the reason). */
  reminderDone: "reminder.done",
  reminderPostpone: "reminder.postpone",
  reminderFollowUp: "reminder.follow-up",
  reminderClose: "reminder.close",
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
