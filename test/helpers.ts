import { exports } from "cloudflare:workers";

export const ADMIN = { authorization: "Bearer test-admin-token" };

export function call(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, headers, ...rest } = init;
  const request = new Request(`http://localhost${path}`, {
    ...rest,
    headers: {
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...(headers as Record<string, string>),
    },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  return exports.default.fetch(request);
}

export async function createTenant(name = "Acme", plan?: string): Promise<{ id: string; key: string; keyId: string }> {
  const tenant = await call("/v1/admin/tenants", { method: "POST", headers: ADMIN, json: { name, plan } });
  if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${await tenant.text()}`);
  const { id } = (await tenant.json()) as { id: string };
  const created = await call(`/v1/admin/tenants/${id}/keys`, {
    method: "POST",
    headers: ADMIN,
    json: { name: "test" },
  });
  if (created.status !== 201) throw new Error(`key: ${created.status} ${await created.text()}`);
  const { key, id: keyId } = (await created.json()) as { key: string; id: string };
  return { id, key, keyId };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
