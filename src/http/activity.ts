import { z } from "zod/v4";

/**
 * The parts of an incoming activity that the adapter and teams-ai rely on. Checked at the HTTP
 * edge so that a malformed POST gets a precise 400 instead of an exception deep in a turn.
 * Everything else passes through untouched; the routes parse what they read.
 */
const Id = z.string().min(1).max(1024);
export const ActivityEnvelopeSchema = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: Id,
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id: Id }),
  from: z.looseObject({ id: Id }),
  recipient: z.looseObject({ id: Id }),
  text: z.string().max(28_000).optional(),
  locale: z.string().max(32).optional(),
  name: z.string().max(256).optional(),
});

export function activityProblems(body: unknown): string[] {
  const r = ActivityEnvelopeSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
}
