export function writeReadmeResults(name: string, markdown: string, file?: string): void;
export function markdownTable(header: string[], rows: (string | number)[][]): string;
