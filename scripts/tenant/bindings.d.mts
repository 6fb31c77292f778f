export function readNames(srcDir: string): string[];
export function declaredNames(section: Record<string, unknown>, secrets: string[]): Set<string>;
export function undeclaredProblem(read: string[], declared: Set<string>, label: string): string | undefined;
