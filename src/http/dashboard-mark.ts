import { tokensMatch } from "../middleware/auth";

/** The header the in-process dashboard marks its API calls with. */
export const DASHBOARD_MARK_HEADER = "x-optiblog-dashboard";

let mark: string | undefined;

/**
 * A secret of this isolate, sent only by the dashboard it hosts: a tenant looking at its own article is not one
 * of its readers, and no outside caller can pass for the dashboard (random values cannot be made at start-up).
 */
export function dashboardMark(): string {
  mark ??= crypto.randomUUID();
  return mark;
}

/** Whether the header carries the mark, compared in constant time as the admin token is: timing says nothing of it. */
export async function isDashboardCall(header: string | undefined): Promise<boolean> {
  return header !== undefined && (await tokensMatch(header, dashboardMark()));
}
