// The store's public surface: import from "src/store/index.js" rather than the single files.
export { openDb, type Db, type OpenDbOptions } from "./db.js";
export { migrate, MIGRATIONS_DIR } from "./migrate.js";
export { PgStorage, ETagConflictError } from "./storage.js";
export {
  ConversationRefs,
  ConversationRefSchema,
  refFromActivity,
  nameKey,
  type ConversationRef,
} from "./conversation-refs.js";
export { AuditLog, type AuditEntry, type AuditEntryInput } from "./audit.js";
