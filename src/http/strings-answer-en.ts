import type { AnswerStrings } from "./strings-answer-sv.js";

/** English texts of the answer page, chosen by the browser's Accept-Language. */
export const answerEn: AnswerStrings = {
  title: { convened: "Reply to this notice", invited: "Reply to this invitation" },
  reference: "Reference",
  to: "To",
  when: "Time",
  minutes: "minutes",
  localTime: "Swedish time",
  place: "Place",
  digital: "Online meeting",
  readLetter: "Read the whole invitation",
  yourAnswer: "Your reply",
  accept: "I will attend",
  decline: "I cannot attend",
  reason: "Why you cannot attend",
  substitute: "I am sending a substitute",
  substituteName: "The substitute's name (same mandate as you)",
  submit: "Send reply",
  noPnr: "Do not write the person's name or ID number here.",
  errors: {
    pick: "Choose one of the replies.",
    reasonRequired: "Give a reason for declining.",
    nameRequired: "Give the substitute's name.",
    pnr: "This looks like a Swedish personal identity number. Remove it; nothing has been saved.",
    tooLong: "The reply is too long. Shorten it and send it again.",
  },
  answered: {
    heading: "The reply is recorded",
    thanks: "Thank you! The person who sent the invitation can see your reply.",
    already:
      "A reply has already been given through this link or to the person who sent the invitation. Nothing has changed.",
    accepted: "Reply: attending.",
    declined: "Reply: cannot attend.",
    reason: "Reason: {reason}",
    substituted: "Reply: sending a substitute, {name}.",
    forwarded: "Reply: forwarded to {name}.",
  },
  notFound: "The link is invalid or has expired. Ask the person who sent the invitation for a new link.",
  crossSite: "A reply can only be sent from the reply page itself. Open the link again and reply there.",
  badRequest: "The reply could not be read. Open the link again and reply there.",
};
