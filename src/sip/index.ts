/** The SIP rules engine: pure functions, no I/O, no clock. The CLI and the bot both call this. */
export { assess, type AssessResult, type Deadline, type Recommendation } from "./assess.js";
export { checkConsent, type Channel, type ConsentResult, type ConsentVerdict } from "./consent.js";
export { IsoDateSchema, longDate, plusDays } from "./dates.js";
export { ORG_TYPES, ORG_TYPE_NAMES, type OrgType } from "./org-types.js";
export { FIELD_MESSAGES, fieldMessage } from "./field-messages.js";
export {
  REGIONS,
  REGION_KEYS,
  RegionKeySchema,
  RegionSettingsSchema,
  RegionalSourceSchema,
  expiredBasis,
  regionSettings,
  reminderDays,
  type ReminderDays,
  type RegionalSource,
  type RegionKey,
} from "./regions.js";
export {
  AssessInputSchema,
  ConsentInputSchema,
  LOCALES,
  type AssessInput,
  type ConsentInput,
  type Locale,
  type Reason,
} from "./schemas.js";
export { isHealthCare, mayBeConvened, missingSides, type Side } from "./principals.js";
