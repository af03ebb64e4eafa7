import type { UserChoice } from "../cards/case-views.js";
import type { ConversationRef, ConversationRefs } from "../store/conversation-refs.js";

// The edge builds a reference from the activity it received; the type and that mapping are the store's.
export { refFromActivity, type ConversationRef } from "../store/conversation-refs.js";

/** Who pressed, as services take it: the user, their tenant, and the name Teams gave (if any). */
export interface Person {
  userId: string;
  tenantId: string;
  name?: string;
}

/**
 * Colleagues the bot can reach: their saved conversation references, looked up within one tenant.
 * Never a directory: see the decision in cards/case-views.ts (allowedChoices).
 */
export function people(refs: ConversationRefs) {
  return {
    /** Keeps a user's reference fresh (turn-guard.ts decides when). */
    remember: (ref: ConversationRef) => refs.save(ref),
    find: (tenantId: string, userId: string) => refs.get(tenantId, userId),

    /** The references of those of `userIds` the bot can reach, by user id. */
    async reachable(tenantId: string, userIds: readonly string[]): Promise<Map<string, ConversationRef>> {
      const found = await Promise.all(userIds.map((id) => refs.get(tenantId, id)));
      return new Map(found.flatMap((r) => (r ? [[r.userId, r] as const] : [])));
    },

    /** Names for a card's "who" pickers: the acting user and the ids already picked. */
    async choices(self: Person, picked: readonly string[]): Promise<UserChoice[]> {
      const ids = [...new Set([self.userId, ...picked])].filter((id) => id !== "" && id !== "external");
      const found = await Promise.all(ids.map((id) => refs.get(self.tenantId, id)));
      return ids.flatMap((value, n) => {
        const title = found[n]?.displayName ?? (value === self.userId ? self.name : undefined);
        return found[n] || value === self.userId ? [{ title: title || value, value }] : [];
      });
    },

    /** The typeahead: colleagues whose name starts with the query, in the asker's tenant. */
    async search(tenantId: string, query: string, limit: number): Promise<UserChoice[]> {
      const found = await refs.searchByName(tenantId, query, limit);
      return found.map((r) => ({ title: r.displayName ?? r.userId, value: r.userId }));
    },
  };
}
export type People = ReturnType<typeof people>;
