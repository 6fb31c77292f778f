/**
 * The opaque cursor of a job list: the last row's creation time and id, base64. It only ever narrows a tenant's
 * own list (the query carries the tenant), so it needs no signature; a cursor that does not decode is refused
 * rather than read as the first page, which a client that mangled it would take for more rows.
 */
export interface ListCursor {
  createdAt: string;
  id: string;
}

export function encodeListCursor(row: { created_at: string; id: string }): string {
  return btoa(`${row.created_at}|${row.id}`);
}

export function decodeListCursor(cursor: string): ListCursor | undefined {
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    return undefined;
  }
  const [createdAt, id, ...rest] = text.split("|");
  if (!createdAt || !id || rest.length || Number.isNaN(Date.parse(createdAt))) return undefined;
  return { createdAt, id };
}
