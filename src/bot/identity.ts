import type { Activity } from "botbuilder";

/** The tenant an activity comes from: Teams puts it on the conversation and in channelData. */
export function tenantOf(activity: Partial<Activity>): string {
  const fromChannel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId || (typeof fromChannel === "string" ? fromChannel : "") || "default";
}
