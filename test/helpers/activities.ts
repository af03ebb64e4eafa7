import type { Activity } from "botbuilder";

/** Teams-shaped activities for tests: a personal chat between one user and the bot. */
export const USER = { id: "29:user-1", aadObjectId: "aad-user-1", name: "Test Testsson" };
export const BOT = { id: "28:sip-lotsen", name: "SIP-lotsen" };
export const TENANT = "tenant-1";

export function base(serviceUrl: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    channelId: "msteams",
    serviceUrl,
    from: USER,
    recipient: BOT,
    conversation: {
      id: "a:conv-1",
      conversationType: "personal",
      tenantId: TENANT,
      isGroup: false,
      name: "",
    },
    channelData: { tenant: { id: TENANT } },
    locale: "sv-SE",
    ...extra,
  };
}

export const message = (
  serviceUrl: string,
  text: string,
  extra: Partial<Activity> = {},
): Partial<Activity> => ({
  ...base(serviceUrl, extra),
  type: "message",
  id: `msg-${Math.random().toString(36).slice(2)}`,
  text,
});

export const execute = (
  serviceUrl: string,
  verb: string,
  data: unknown,
  extra: Partial<Activity> = {},
): Partial<Activity> => ({
  ...base(serviceUrl, extra),
  type: "invoke",
  name: "adaptiveCard/action",
  replyToId: "card-1",
  value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
});

export const membersAdded = (serviceUrl: string, extra: Partial<Activity> = {}): Partial<Activity> => ({
  ...base(serviceUrl, extra),
  type: "conversationUpdate",
  membersAdded: [
    { id: BOT.id, name: BOT.name },
    { id: USER.id, name: "" },
  ],
});

/** All text of an Adaptive Card (TextBlocks, facts, action titles, labels), for assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === "string" && ["text", "title", "label", "value"].includes(k)) out.push(x);
        else walk(x);
      }
    }
  };
  walk(card);
  return out.join("\n");
}

/** The Adaptive Card in a reply activity or an invoke response body. */
export function cardOf(activity: Partial<Activity> | undefined): Record<string, unknown> | undefined {
  const att = activity?.attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
  if (att) return att.content as Record<string, unknown>;
  const body = (activity?.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
  return body?.type === "application/vnd.microsoft.card.adaptive"
    ? (body.value as Record<string, unknown>)
    : undefined;
}
