import type { Activity } from "botbuilder";
import type { Actor } from "../cases/access.js";
import type { Acting } from "../services/index.js";

/** The tenant an activity comes from: Teams puts it on the conversation and in channelData. */
export function tenantOf(activity: Partial<Activity>): string {
  const fromChannel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId || (typeof fromChannel === "string" ? fromChannel : "") || "default";
}

/** Who pressed: the user and their tenant, as the access rules (cases/access.ts) take them. */
export function actorOf(activity: Partial<Activity>): Actor {
  return { userId: activity.from?.id ?? "", tenantId: tenantOf(activity) };
}

/** Who the audit log names: the user's AAD object id when Teams sends one, else their Teams id. */
export function auditActorOf(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? "";
}

/** Who acts, as the services take it: the access actor, the audit log's name for them, their name. */
export function actingOf(activity: Partial<Activity>): Acting {
  const name = activity.from?.name;
  return { ...actorOf(activity), audit: auditActorOf(activity), ...(name ? { name } : {}) };
}
