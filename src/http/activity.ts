import { z } from "zod/v4";

/**
 * The parts of an incoming activity that the adapter, teams-ai and our store rely on, checked at
 * the HTTP edge so that a malformed POST gets a precise 400 instead of an exception deep in a
 * turn (the fuzz suite found each of these). Ids end up in HTTP headers and database rows, so
 * they are printable ASCII; text may be anything but NUL or broken UTF-16, which PostgreSQL
 * refuses. Everything else passes through; the routes parse what they read.
 */
const Id = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII");
const BROKEN = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const Text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !BROKEN.test(s), "must not contain NUL or unpaired surrogates");
const Account = z.looseObject({
  id: Id,
  name: Text(256).optional(),
  aadObjectId: Id.optional(),
  role: z.string().max(32).optional(),
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
  entities: z
    .array(z.looseObject({ type: z.string().max(256) }))
    .max(100)
    .optional(),
  text: Text(28_000).optional(),
  locale: z
    .string()
    .max(32)
    .regex(/^[A-Za-z0-9-]*$/)
    .optional(),
  name: Id.max(256).optional(),
});

export function activityProblems(body: unknown): string[] {
  const r = ActivityEnvelopeSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
}
