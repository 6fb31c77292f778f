/**
 * The opaque cursor of a job list: the last row's creation time and id, base64. It only ever narrows a tenant's
 * own list (the query carries the tenant), so it needs no signature; a cursor that does not decode is refused
 * rather than read as the first page, which a client that mangled it would take for more rows.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const ID = /^[a-z]{2,8}_[0-9A-Za-z]{1,64}$/;

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
  // Only what encodeListCursor writes: an ISO instant (Date.parse alone takes "1" or "May 5", which would read as
  // an empty page, the list's end) and an id of this API's shape.
  if (!createdAt || !id || rest.length || !ISO_INSTANT.test(createdAt) || !ID.test(id)) return undefined;
  if (Number.isNaN(Date.parse(createdAt))) return undefined;
  return { createdAt, id };
}
