import { z } from "zod";
import { randomBase62, sha256Hex } from "../core/ids";

/** Signed-in dashboard sessions in KV: the browser holds only a random id, never the API key. */
const SessionSchema = z.object({
  key: z.string().min(1),
  csrf: z.string().min(32),
  tenantId: z.string(),
  tenantName: z.string(),
  expiresAt: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SESSION_TTL_SECONDS = 8 * 60 * 60;

export class SessionStore {
  constructor(
    private readonly kv: KVNamespace,
    private readonly now: () => number = Date.now,
  ) {}

  async create(key: string, tenant: { id: string; name: string }): Promise<{ id: string; session: Session }> {
    const id = randomBase62(43);
    const session: Session = {
      key,
      csrf: randomBase62(43),
      tenantId: tenant.id,
      tenantName: tenant.name,
      expiresAt: this.now() + SESSION_TTL_SECONDS * 1000,
    };
    await this.kv.put(await storageKey(id), JSON.stringify(session), { expirationTtl: SESSION_TTL_SECONDS });
    return { id, session };
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id || !/^[A-Za-z0-9]{43}$/.test(id)) return undefined;
    const stored = await this.kv.get(await storageKey(id), "json").catch(() => null);
    const parsed = SessionSchema.safeParse(stored);
    if (!parsed.success || parsed.data.expiresAt <= this.now()) return undefined;
    return parsed.data;
  }

  async delete(id: string | undefined): Promise<void> {
    if (id && /^[A-Za-z0-9]{43}$/.test(id)) await this.kv.delete(await storageKey(id));
  }
}

/** Stored under a hash of the id, so reading the KV namespace does not yield usable session cookies. */
async function storageKey(id: string): Promise<string> {
  return `dashboard:session:${await sha256Hex(id)}`;
}
