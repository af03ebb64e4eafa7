import type { UserChoice } from "../cards/case-views.js";
import { STRINGS } from "../cards/render.js";
import type { Locale } from "../sip/index.js";
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
 * The tenants one deployment serves (config: MicrosoftAppTenantId + ALLOWED_TENANTS) and the
 * organisation names shown for them. `tenants` undefined (development): every tenant is served,
 * but the directory stays within the asker's own tenant, since no tenant is named as a partner.
 */
export interface ServedTenants {
  tenants?: ReadonlySet<string>;
  names: ReadonlyMap<string, string>;
}

/**
 * A "Vem" value names a colleague of the asker's own tenant by their user id, and one of another
 * served tenant as "tenantId/userId" (tenant ids hold no "/", config.ts). Decoded only for a
 * served tenant; every other prefix is read as a plain user id of the own tenant, which is then
 * not found, so a forged value reaches nobody.
 */
export function partnerValue(ownTenant: string, ref: Pick<ConversationRef, "tenantId" | "userId">): string {
  return ref.tenantId === ownTenant ? ref.userId : `${ref.tenantId}/${ref.userId}`;
}

/**
 * Colleagues the bot can reach: their saved conversation references. Never a directory of
 * the organisation: see the decision in cards/case-views.ts (allowedChoices).
 */
export function people(refs: ConversationRefs, served: ServedTenants = { names: new Map() }) {
  /** Other served tenants than `own`, which the kallelse's "Vem" also searches. */
  const partnerTenants = (own: string) => [...(served.tenants ?? [])].filter((t) => t !== own);

  function decode(ownTenant: string, value: string): { tenantId: string; userId: string } {
    const slash = value.indexOf("/");
    const tenantId = slash > 0 ? value.slice(0, slash) : "";
    return partnerTenants(ownTenant).includes(tenantId)
      ? { tenantId, userId: value.slice(slash + 1) }
      : { tenantId: ownTenant, userId: value };
  }

  /** "Name" for a colleague of the own tenant, "Name (Organisation)" for one of another. */
  function title(ownTenant: string, ref: ConversationRef, locale: Locale): string {
    const name = ref.displayName ?? ref.userId;
    if (ref.tenantId === ownTenant) return name;
    const org = served.names.get(ref.tenantId) ?? STRINGS[locale].cases.kallelse.otherOrganisation;
    return `${name} (${org})`;
  }

  /** Those of the "Vem" values (searchPartners) the bot can reach, keyed by the value. */
  async function reachablePartners(
    ownTenant: string,
    values: readonly string[],
  ): Promise<Map<string, ConversationRef>> {
    const found = await Promise.all(
      values.map(async (v) => {
        const { tenantId, userId } = decode(ownTenant, v);
        return [v, await refs.get(tenantId, userId)] as const;
      }),
    );
    return new Map(found.flatMap(([v, r]) => (r ? [[v, r] as const] : [])));
  }

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

    /** The typeahead of pickers within the organisation (substitute, lead, flag): the asker's tenant. */
    async search(tenantId: string, query: string, limit: number): Promise<UserChoice[]> {
      const found = await refs.searchByName(tenantId, query, limit);
      return found.map((r) => ({ title: r.displayName ?? r.userId, value: r.userId }));
    },

    /**
     * The kallelse's "Vem", the flag's contact and the plan's lead: colleagues in every served
     * tenant, the asker's own untitled and the others as "Name (Organisation)". The one place a
     * partner directory is searched: results of other sources (federation peers) belong here too.
     */
    async searchPartners(
      asker: { tenantId: string; locale: Locale },
      query: string,
      limit: number,
    ): Promise<UserChoice[]> {
      const found = await refs.searchByName(
        [asker.tenantId, ...partnerTenants(asker.tenantId)],
        query,
        limit,
      );
      return found.map((r) => ({
        title: title(asker.tenantId, r, asker.locale),
        value: partnerValue(asker.tenantId, r),
      }));
    },

    reachablePartners,

    /** One picked partner value (the flag's contact, the plan's lead): their reference, if reachable. */
    async partner(ownTenant: string, value: string): Promise<ConversationRef | undefined> {
      const { tenantId, userId } = decode(ownTenant, value);
      return value ? refs.get(tenantId, userId) : undefined;
    },

    /** choices() for the partner pickers: picked values may name a colleague of another served tenant. */
    async partnerChoices(self: Person, picked: readonly string[], locale: Locale): Promise<UserChoice[]> {
      const values = [...new Set([self.userId, ...picked])].filter((v) => v !== "" && v !== "external");
      const found = await reachablePartners(self.tenantId, values);
      return values.flatMap((value) => {
        const ref = found.get(value);
        if (ref) return [{ title: title(self.tenantId, ref, locale), value }];
        return value === self.userId ? [{ title: self.name || value, value }] : [];
      });
    },
  };
}
export type People = ReturnType<typeof people>;
