import type { OrgType } from "./org-types.js";
import { regionSettings, type RegionKey } from "./regions.js";

/**
 * Who the principals of a SIP are (CONTRACT v3): the kommun's social services on one side, health
 * care (the region's, or the kommun's own hälso- och sjukvård) on the other. One rule in one place
 * for the engine, the kallelse, the partial withdrawal, the plan's KVÅ line and the statistics.
 */

export type Side = "social_services" | "health_care";
const SOCIAL: readonly OrgType[] = ["socialtjanst"];
const HEALTH: readonly OrgType[] = ["region", "kommunal_hsv"];

/**
 * The sides a consent scope leaves out altogether (v3 rule 1): no social-services side when
 * `socialtjanst` is excluded, no health-care side when both `region` and `kommunal_hsv` are.
 * Empty when both sides remain and a joint plan is possible.
 */
export function missingSides(excluded: readonly OrgType[]): Side[] {
  const gone = (kinds: readonly OrgType[]) => kinds.every((k) => excluded.includes(k));
  const out: Side[] = [];
  if (gone(SOCIAL)) out.push("social_services");
  if (gone(HEALTH)) out.push("health_care");
  return out;
}

/** Health care's principals: the only ones a KVÅ code belongs to (v3 `assess` rule 3). */
export const isHealthCare = (t: OrgType): boolean => HEALTH.includes(t);

/**
 * May this kind of party be "Kallas (skyldig att delta)"? Only the principals, and school only
 * where the region's setting lets school convene (VGR); everyone else is "Bjuds in".
 */
export function mayBeConvened(t: OrgType, region?: RegionKey): boolean {
  if (SOCIAL.includes(t) || HEALTH.includes(t)) return true;
  return t === "skola" && regionSettings(region).conveners.includes("school");
}
