export function isPlaceholderId(value: unknown): boolean;
export function isExampleRoute(pattern: string): boolean;
export function placeholderProblems(section: Record<string, unknown>, env: string): string[];
