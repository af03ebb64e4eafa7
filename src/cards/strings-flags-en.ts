import type { FlagsStrings } from "./strings-flags-sv.js";

/** English texts of the flag cards, for users whose Teams client is in English. */
export const flagsEn: FlagsStrings = {
  open: "Flag the need onward",
  form: {
    title: "Flag the need onward",
    intro:
      "Send the need to a contact in social services or health care, who are responsible for convening. Only the assessment below is sent – no personal data.",
    who: "To whom (search colleagues in Teams)",
    send: "Send",
    pickSomeone: "Choose who should receive the need.",
    notYourself: "Choose someone other than yourself.",
    unknownUser:
      "That person cannot be reached in Teams yet – they need to have opened SIP-lotsen once. Choose someone else.",
    unreachable: "{name} could not be reached just now. Nothing was sent – try again or choose someone else.",
  },
  summary: {
    heading: "Assessment: {recommendation}",
    FIRST_CONTACT_DEADLINE:
      "Work must start without delay: first contact between kommun and region within {days} days of the need being identified.",
    DISCHARGE_DEADLINE:
      "The person is ready for discharge: the kallelse to the SIP is sent within {days} days of the ready-for-discharge notice.",
  },
  contact: {
    title: "Need for coordination",
    from: "From {reporter}, who cannot convene a SIP themselves",
    noPersonalData: "This card holds no personal data. Contact {reporter} directly to learn who it concerns.",
    someone: "a colleague",
    take: "Take over",
    pass: "Send to a colleague",
    colleague: "Colleague who should take over the need",
    send: "Send",
    taken: "You have taken over case {code}. Next step: check consent.",
    toConsent: "Check consent",
    passed: "You passed it on to {name}.",
    pickColleague: "Choose a colleague.",
    notYourself: "Choose a colleague, not yourself.",
    notReporter: "Send it to someone in social services or health care, not back to {name}.",
    unknownUser: "That person cannot be reached in Teams yet. Choose someone else.",
    unreachable:
      "{name} could not be reached just now. The need stays with you – try again or choose someone else.",
  },
  status: {
    title: "Need for coordination – flagged",
    waiting: "Sent to {name} – waiting for someone to take over.",
    passedOn: "Passed on to {name} – waiting.",
    taken: "{name} has taken over (case {code}).",
    refresh: "Refresh",
  },
  errors: {
    notFound: "The flag no longer exists. Nothing has changed.",
    notYours: "This need is not with you, so you cannot take it over or pass it on. Nothing has changed.",
    notIndicated:
      "The assessment says no SIP is needed now, so there is no need to flag onward. Assess again if things change.",
    mayConvene: "You may convene a SIP yourself and should take the initiative. Check consent instead.",
    reviseExisting: "A SIP already exists. Ask its lead for a follow-up instead of flagging onward.",
    alreadyHandled: "Someone else has already dealt with this need. You need not do anything.",
  },
};
