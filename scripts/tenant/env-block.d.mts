export function checkTenantName(name: string | undefined): string | undefined;
export function tenantEnv(top: Record<string, unknown>, tenant: string): Record<string, unknown>;
export function tenantEnvBlock(top: Record<string, unknown>, tenant: string): string;
export function checklist(top: Record<string, unknown>, tenant: string, secrets: string[]): string;
