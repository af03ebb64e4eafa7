import { z } from "zod/v4";

/**
 * The parts of an incoming activity that the adapter, teams-ai and our store rely on, checked at
 * the HTTP edge so that a malformed POST gets a precise 400 instead of an exception deep in a
 * turn (the fuzz suite found each of these). Ids end up in HTTP headers and database rows, so
 * they are printable ASCII. No string anywhere in the body (card data, channelData, keys) may hold
 * NUL or broken UTF-16, which PostgreSQL refuses: such a body is refused with the field named,
 * not cleaned, so what is stored is always what the person entered. Everything else passes
 * through; the routes parse what they read.
 */
const Id = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII");
const BROKEN = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BROKEN_TEXT = "must not contain NUL or unpaired surrogates";
// NUL and broken UTF-16 are refused for every string of the body by textProblems below.
const Text = (max: number) => z.string().max(max);
const Account = z.looseObject({
  id: Id,
  name: Text(256).optional(),
  aadObjectId: Id.optional(),
  role: z.string().max(32).optional(),
});

// teams-ai strips the bot's @mention from a message's text (TurnContext.removeRecipientMention),
// reading mentioned.id and the mention's text: a mention without them throws inside the turn.
const Mention = z.looseObject({ mentioned: z.looseObject({ id: z.string().max(1024) }), text: z.string() });
const Entity = z.looseObject({ type: z.string().max(256) }).superRefine((entity, ctx) => {
  if (entity.type.toLowerCase() !== "mention") return;
  for (const issue of Mention.safeParse(entity).error?.issues ?? [])
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

export const ActivityEnvelopeSchema = z.looseObject({
  type: z.string().regex(/^[A-Za-z]{1,64}$/, "must be an activity type"),
  id: Id.optional(),
  replyToId: Id.optional(),
  channelId: Id,
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({
    id: Id,
    tenantId: Id.optional(),
    conversationType: z.string().max(32).optional(),
    isGroup: z.boolean().optional(),
    name: Text(256).optional(),
  }),
  from: Account,
  recipient: Account,
  membersAdded: z.array(Account).max(1000).optional(),
  membersRemoved: z.array(Account).max(1000).optional(),
  entities: z.array(Entity).max(100).optional(),
  text: Text(28_000).optional(),
  locale: z
    .string()
    .max(32)
    .regex(/^[A-Za-z0-9-]*$/)
    .optional(),
  name: Id.max(256).optional(),
});

/** Every problem of the body, one line each: `path: what is wrong`. */
export function activityProblems(body: unknown): string[] {
  const r = ActivityEnvelopeSchema.safeParse(body);
  const envelope = r.success ? [] : r.error.issues.map((i) => ({ path: i.path, message: i.message }));
  // The mention is cut out of the text, so a message with a mention needs its text.
  const mentions = r.data?.entities?.some((e) => e.type.toLowerCase() === "mention");
  if (r.data?.type === "message" && mentions && typeof r.data.text !== "string")
    envelope.push({ path: ["text"], message: "required on a message with a mention" });
  // An id holding a NUL is already "not printable ASCII": one line per field.
  const named = new Set(envelope.map((p) => showPath(p.path)));
  const text = textProblems(body).filter((p) => !named.has(showPath(p.path)));
  return [...envelope, ...text].map((p) => `${showPath(p.path) || "(body)"}: ${p.message}`);
}

type Path = readonly PropertyKey[];
/** Lines at most; a body of broken strings is refused just the same with the first few named. */
const MAX_TEXT_PROBLEMS = 10;

/** A path as a chain back to the root: copying arrays per level is quadratic in the depth. */
type Link = { key: PropertyKey; up: Link } | null;
const pathOf = (link: Link): PropertyKey[] => {
  const keys: PropertyKey[] = [];
  for (let l = link; l; l = l.up) keys.push(l.key);
  return keys.reverse();
};

/**
 * The strings and keys anywhere in the body that PostgreSQL would refuse. Walks with its own
 * stack: nesting as deep as 256 kB of JSON allows must not overflow the call stack.
 */
export function textProblems(body: unknown): { path: Path; message: string }[] {
  const found: { path: Path; message: string }[] = [];
  const todo: [unknown, Link][] = [[body, null]];
  while (todo.length && found.length < MAX_TEXT_PROBLEMS) {
    const [value, at] = todo.pop() as [unknown, Link];
    if (typeof value === "string") {
      if (BROKEN.test(value)) found.push({ path: pathOf(at), message: BROKEN_TEXT });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) todo.push([value[i], { key: i, up: at }]);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value).reverse()) {
        if (BROKEN.test(k)) found.push({ path: pathOf({ key: k, up: at }), message: BROKEN_TEXT });
        else todo.push([v, { key: k, up: at }]);
      }
    }
  }
  return found;
}

/** `value.action.data.p1Contribution`; a key that is itself broken is shown escaped. */
function showPath(path: Path): string {
  const parts = path.map((p) =>
    typeof p === "string" && !BROKEN.test(p) ? p : typeof p === "string" ? JSON.stringify(p) : String(p),
  );
  // A path through deep nesting would make the answer as large as the body.
  return parts.length > 16 ? [...parts.slice(0, 6), "…", ...parts.slice(-6)].join(".") : parts.join(".");
}
