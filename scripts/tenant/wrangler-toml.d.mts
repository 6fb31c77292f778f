export function readWranglerToml(file: string): { config?: Record<string, unknown>; problem?: string };
export function loadWranglerToml(file: string, command: string): Record<string, unknown>;
