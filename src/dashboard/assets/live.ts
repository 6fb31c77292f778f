/**
 * Progressive enhancement for a running job's page: follows the job's events through the dashboard's
 * same-origin stream, appends them to the timeline, and reloads once the job has finished so the
 * scores, checks and preview appear. Without JavaScript the page still refreshes itself (meta refresh).
 */
export const LIVE_JS = `(() => {
  const timeline = document.querySelector("[data-live-events]");
  if (!timeline || !("EventSource" in window)) return;
  const status = document.querySelector("[data-live-status]");
  const finals = new Set(["ArticleCompleted", "ArticleFailed"]);
  const words = (type) => String(type).replace(/([a-z])([A-Z])/g, "$1 $2");
  const seen = new Set(Array.from(timeline.querySelectorAll("[data-version]"), (li) => li.dataset.version));
  const source = new EventSource(timeline.dataset.liveEvents);
  source.onmessage = (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (!event || typeof event.type !== "string" || seen.has(String(event.version))) return;
    seen.add(String(event.version));
    const item = document.createElement("li");
    item.dataset.version = String(event.version);
    const name = document.createElement("strong");
    name.textContent = words(event.type);
    item.append(name);
    if (event.time) {
      const time = document.createElement("time");
      time.dateTime = event.time;
      // The format formatDate gives the rest of the page (UTC, to the minute), not the browser locale.
      time.textContent = new Date(event.time).toISOString().replace("T", " ").slice(0, 16);
      item.append(" ", time);
    }
    timeline.append(item);
    if (status) status.textContent = "Latest: " + words(event.type);
    if (finals.has(event.type)) {
      source.close();
      window.location.reload();
    }
  };
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) setTimeout(() => window.location.reload(), 3000);
  };
})();
`;
