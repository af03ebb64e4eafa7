import type { Activity } from "botbuilder";
import { z } from "zod/v4";
import type { Db } from "./db.js";

/** What the bot needs to message a user 1:1 later (proactively), as captured from Teams. */
export const ConversationRefSchema = z.object({
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  aadObjectId: z.string().min(1).optional(),
  conversationId: z.string().min(1),
  serviceUrl: z.url(),
  channelId: z.string().min(1),
  botId: z.string().min(1),
  botName: z.string().min(1).optional(),
  displayName: z.string().min(1).optional(),
  locale: z.string().min(1).optional(),
});
export type ConversationRef = z.infer<typeof ConversationRefSchema>;

const ChannelDataTenant = z.object({ tenant: z.object({ id: z.string() }) });

/**
 * Builds a reference from an incoming activity, or undefined when it is not a 1:1 (personal)
 * conversation or a required part is missing. Group chats and channels are never saved: a reply
 * there would be seen by everyone in it.
 */
export function refFromActivity(activity: Partial<Activity>): ConversationRef | undefined {
  const type = activity.conversation?.conversationType;
  if (type !== undefined && type !== "personal") return undefined;
  const fromChannelData = ChannelDataTenant.safeParse(activity.channelData).data?.tenant.id;
  const parsed = ConversationRefSchema.safeParse({
    tenantId: activity.conversation?.tenantId || fromChannelData,
    userId: activity.from?.id,
    aadObjectId: activity.from?.aadObjectId || undefined,
    conversationId: activity.conversation?.id,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    botId: activity.recipient?.id,
    botName: activity.recipient?.name || undefined,
    displayName: activity.from?.name || undefined,
    locale: activity.locale || undefined,
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * Normalised form of a name for search: lower-cased with Swedish rules in the application (so it
 * does not depend on the database's locale, and Å/Ä/Ö fold on every engine), every run of
 * non-letters turned into one space so that each word, also after a hyphen, starts after a space.
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFC")
    .toLocaleLowerCase("sv")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim();
}

interface Row {
  tenant_id: string;
  user_id: string;
  aad_object_id: string | null;
  conversation_id: string;
  service_url: string;
  channel_id: string;
  bot_id: string;
  bot_name: string | null;
  display_name: string | null;
  locale: string | null;
}

const COLUMNS =
  "tenant_id, user_id, aad_object_id, conversation_id, service_url, channel_id, bot_id, bot_name, display_name, locale";

const swedish = new Intl.Collator("sv");

/** Conversation references, one per (tenant, user). */
export class ConversationRefs {
  constructor(private readonly db: Db) {}

  /** Inserts or replaces the user's reference. Optional fields an activity lacks keep their old value. */
  async save(ref: ConversationRef): Promise<void> {
    const r = ConversationRefSchema.parse(ref);
    await this.db.query(
      `INSERT INTO conversation_refs (${COLUMNS}, name_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET
         conversation_id = excluded.conversation_id,
         service_url = excluded.service_url,
         channel_id = excluded.channel_id,
         bot_id = excluded.bot_id,
         aad_object_id = COALESCE(excluded.aad_object_id, conversation_refs.aad_object_id),
         bot_name = COALESCE(excluded.bot_name, conversation_refs.bot_name),
         display_name = COALESCE(excluded.display_name, conversation_refs.display_name),
         name_key = COALESCE(excluded.name_key, conversation_refs.name_key),
         locale = COALESCE(excluded.locale, conversation_refs.locale),
         updated_at = now()`,
      [
        r.tenantId,
        r.userId,
        r.aadObjectId ?? null,
        r.conversationId,
        r.serviceUrl,
        r.channelId,
        r.botId,
        r.botName ?? null,
        r.displayName ?? null,
        r.locale ?? null,
        r.displayName ? nameKey(r.displayName) : null,
      ],
    );
  }

  async get(tenantId: string, userId: string): Promise<ConversationRef | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_refs WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    );
    return rows[0] && fromRow(rows[0]);
  }

  /**
   * The user Teams knows by this AAD object id: an invitee named by it (not by their Teams id)
   * whom the bot installed itself for (services/delivery.ts). Rare, so no index: the tenant's rows.
   */
  async byAadObjectId(tenantId: string, aadObjectId: string): Promise<ConversationRef | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_refs WHERE tenant_id = $1 AND aad_object_id = $2
       ORDER BY updated_at DESC LIMIT 1`,
      [tenantId, aadObjectId],
    );
    return rows[0] && fromRow(rows[0]);
  }

  /** The tenant's most recently active users with a name: the static choices a card offers before any search. */
  async recent(tenantId: string, limit = 25): Promise<ConversationRef[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_refs WHERE tenant_id = $1 AND name_key IS NOT NULL
       ORDER BY updated_at DESC LIMIT $2`,
      [tenantId, Math.min(Math.max(Math.trunc(limit), 1), 100)],
    );
    return rows.map(fromRow).sort((a, b) => swedish.compare(a.displayName ?? "", b.displayName ?? ""));
  }

  /**
   * Users of the tenant(s) with a word of their display name starting with prefix, case-insensitively
   * ("åb" finds "Anna-Karin Åberg"). The database picks the first `limit` in byte order of the
   * normalised name (same on every engine); that page is then sorted the Swedish way (å, ä, ö last).
   */
  async searchByName(
    tenant: string | readonly string[],
    prefix: string,
    limit = 20,
  ): Promise<ConversationRef[]> {
    const tenants = typeof tenant === "string" ? [tenant] : [...tenant];
    const key = nameKey(prefix);
    if (key === "" || tenants.length === 0) return []; // an empty search would list the whole tenant
    const n = Math.min(Math.max(Math.trunc(limit), 1), 100);
    // The key alphabet (letters, marks, digits, spaces) holds no LIKE wildcards: no escaping needed.
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_refs
       WHERE tenant_id = ANY($1::text[]) AND (name_key LIKE $2::text || '%' OR name_key LIKE '% ' || $2::text || '%')
       ORDER BY name_key, tenant_id, user_id
       LIMIT $3`,
      [tenants, key, n],
    );
    return rows.map(fromRow).sort((a, b) => swedish.compare(a.displayName ?? "", b.displayName ?? ""));
  }
}

function fromRow(row: Row): ConversationRef {
  const ref: ConversationRef = {
    tenantId: row.tenant_id,
    userId: row.user_id,
    conversationId: row.conversation_id,
    serviceUrl: row.service_url,
    channelId: row.channel_id,
    botId: row.bot_id,
  };
  if (row.aad_object_id !== null) ref.aadObjectId = row.aad_object_id;
  if (row.bot_name !== null) ref.botName = row.bot_name;
  if (row.display_name !== null) ref.displayName = row.display_name;
  if (row.locale !== null) ref.locale = row.locale;
  return ref;
}
