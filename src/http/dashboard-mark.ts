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

export function isDashboardCall(header: string | undefined): boolean {
  return header !== undefined && header === dashboardMark();
}
