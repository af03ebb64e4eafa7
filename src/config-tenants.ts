import { z } from "zod/v4";

/** ALLOWED_TENANTS (config.ts): the tenants served besides the registration's own, with names. */

const TenantId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, "tenant ids are letters, digits, '.', '_' and '-'");
/** A Teams app's id in a tenant's app catalog (Graph teamsApp id): a GUID. */
export const CatalogId = z.guid({ error: "must be the app's id in the tenant's Teams app catalog (a GUID)" });
const NamedTenants = z
  .array(
    z.strictObject({
      id: TenantId,
      name: z.string().trim().min(1).max(120),
      // Decision: set per tenant beside its name, because consent is given per tenant and a custom
      // app uploaded to an org catalog gets another catalog id in every tenant (README).
      installAppId: CatalogId.optional(),
    }),
  )
  .min(1, "lists no tenant");
export type AllowedTenant = { id: string; name?: string; installAppId?: string };

/** ALLOWED_TENANTS: JSON when it starts with "[", else ids separated by commas. */
export const AllowedTenantsSchema = z.string().transform((s, ctx): AllowedTenant[] => {
  if (!s.trim().startsWith("[")) {
    const ids = z.array(TenantId).safeParse(
      s
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    );
    if (ids.success) return ids.data.map((id) => ({ id }));
    ctx.addIssue({ code: "custom", message: "must be tenant ids separated by commas, or JSON" });
    return z.NEVER;
  }
  let json: unknown;
  try {
    json = JSON.parse(s);
  } catch {
    ctx.addIssue({ code: "custom", message: `is not valid JSON; expected [{"id":"…","name":"…"}]` });
    return z.NEVER;
  }
  const named = NamedTenants.safeParse(json);
  if (named.success) return named.data;
  for (const i of named.error.issues)
    ctx.addIssue({ code: "custom", message: `[${i.path.join(".")}]: ${i.message}` });
  return z.NEVER;
});
