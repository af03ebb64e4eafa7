import type { Locale } from "../sip/index.js";

/** Swedish first; English when the user's Teams client says so (activity.locale "en-…"). */
export function localeOf(activity: { locale?: string | undefined }): Locale {
  return activity.locale?.toLowerCase().startsWith("en") ? "en" : "sv";
}
