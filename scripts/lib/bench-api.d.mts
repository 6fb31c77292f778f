export function callApi(
  baseUrl: string,
  token: string,
  method: string,
  pathName: string,
  body?: unknown,
): Promise<unknown>;
export function fixtureKeywords(
  pages: { title: string }[],
  angles: string[],
  n?: number,
  options?: { maxWords?: number },
): string[];
