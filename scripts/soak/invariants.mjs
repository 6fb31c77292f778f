/**
 * The soak's invariants over what the run left behind: the event log, the read tables before and after a rebuild,
 * the outbox, the delivery log and what the receiver got. Each check returns its name, whether it held, and up to
 * a few examples of what broke it.
 */

const TERMINAL = new Set(["ArticleCompleted", "ArticleFailed"]);
const WEBHOOK_TYPE = { ArticleCompleted: "article.completed", ArticleFailed: "article.failed" };
const EXAMPLES = 5;
/**
 * What text read in the wrong encoding looks like: a replacement character, or UTF-8's lead bytes read as
 * windows-1252 (`Ã` or `Â` before a character of the upper half, `â€` before punctuation).
 */
const MOJIBAKE = /\uFFFD|[ÃÂ][\u0080-\u00BF\u0152-\u0192\u02C6-\u02DC\u2013-\u2122]|â€/;

function check(name, broken, detail) {
  return { name, ok: broken.length === 0, broken: broken.length, examples: broken.slice(0, EXAMPLES), ...detail };
}

function byStream(events) {
  const streams = new Map();
  for (const event of events) {
    const list = streams.get(event.stream_id) ?? [];
    list.push(event);
    streams.set(event.stream_id, list);
  }
  for (const list of streams.values()) list.sort((a, b) => a.version - b.version);
  return streams;
}

/** Runs of a stream with their terminal events, in order: run 1 starts with the request, others with a regeneration. */
export function runsOf(list) {
  const runs = [];
  for (const event of list) {
    if (event.type === "ArticleRequested") runs.push({ run: 1, terminals: [] });
    else if (event.type === "RegenerationRequested") runs.push({ run: JSON.parse(event.data).run, terminals: [] });
    else if (TERMINAL.has(event.type) && runs.length) runs.at(-1).terminals.push(event.type);
  }
  return runs;
}

/**
 * Sources read as usable (`ok`) whose page, by its address or the one it redirected to, is one the web served
 * declining AI use: a research report records them all, used or not.
 */
function usedDeclined(state) {
  const declined = new Set([...(state.declinedPaths ?? []), ...(state.robotsDeclinedPaths ?? [])]);
  const path = (url) => {
    try {
      return new URL(url).pathname;
    } catch {
      return undefined;
    }
  };
  const used = [];
  for (const event of state.events) {
    if (event.type !== "ResearchCompleted") continue;
    for (const source of JSON.parse(event.data).report?.sources ?? []) {
      if (source.status !== "ok") continue;
      const hit = [source.url, source.finalUrl].map((url) => url && path(url)).find((p) => p && declined.has(p));
      if (hit) used.push({ stream: event.stream_id, version: event.version, url: source.url });
    }
  }
  return used;
}

/** Rows keyed by id with the columns compared; `views` is a counter outside the log and left out. */
function table(rows, key) {
  return new Map(rows.map(({ views: _views, ...row }) => [row[key], row]));
}

function diffTables(before, after, key) {
  const broken = [];
  const left = table(before, key);
  const right = table(after, key);
  for (const [id, row] of left) {
    const other = right.get(id);
    if (!other) broken.push({ [key]: id, problem: "missing after the rebuild" });
    else {
      const columns = Object.keys(row).filter((c) => JSON.stringify(row[c]) !== JSON.stringify(other[c]));
      if (columns.length) broken.push({ [key]: id, columns });
    }
  }
  for (const id of right.keys()) if (!left.has(id)) broken.push({ [key]: id, problem: "only after the rebuild" });
  return broken;
}

/**
 * `state`: `{ events, jobs, jobsRebuilt, analytics, analyticsRebuilt, outbox, deliveries, received, accepted }`:
 * events/outbox/deliveries as rows of their tables, `received` the webhook ids the receiver accepted, `accepted`
 * the job ids the API answered 202 for, `declinedPaths` the paths whose pages the web served declining AI use,
 * `robotsDeclinedPaths` those its robots.txt declines, `requestedPaths` every path the web was asked for.
 */
export function checkInvariants(state) {
  const streams = byStream(state.events);
  const jobIds = new Set(state.jobs.map((j) => j.id));
  const results = [];

  results.push(
    check(
      "every accepted job is in the read table",
      state.accepted.filter((id) => !jobIds.has(id)),
    ),
  );
  results.push(
    check(
      "every job is terminal",
      state.jobs
        .filter((j) => j.status !== "completed" && j.status !== "failed")
        .map((j) => ({ id: j.id, status: j.status, stage: j.stage })),
    ),
  );

  const gaps = [];
  for (const [id, list] of streams) {
    list.forEach((event, i) => {
      if (event.version !== i + 1) gaps.push({ stream: id, at: i + 1, version: event.version });
    });
  }
  results.push(check("no version gaps or duplicates in any stream", gaps));

  const terminals = [];
  const deliverable = [];
  for (const [id, list] of streams) {
    for (const { run, terminals: ended } of runsOf(list)) {
      if (ended.length !== 1) terminals.push({ stream: id, run, terminals: ended });
      if (ended.length) deliverable.push({ jobId: id, run, eventType: WEBHOOK_TYPE[ended[0]] });
    }
  }
  results.push(check("one terminal event per run", terminals));

  const rowsByRun = new Map();
  for (const row of state.deliveries) {
    const run = Number(row.dedupe_key.slice(row.job_id.length + 1).split(":")[0]);
    const key = `${row.job_id}:${run}`;
    rowsByRun.set(key, [...(rowsByRun.get(key) ?? []), row]);
  }
  const received = new Set(state.received);
  const undelivered = [];
  for (const run of deliverable) {
    const rows = rowsByRun.get(`${run.jobId}:${run.run}`) ?? [];
    if (rows.length < (state.expectedReceivers?.(run) ?? 1)) {
      undelivered.push({ ...run, problem: `${rows.length} deliveries planned` });
    }
    for (const row of rows) {
      if (row.event_type !== run.eventType)
        undelivered.push({ ...run, delivery: row.id, problem: `announces ${row.event_type}` });
      else if (row.status === "delivered" && !received.has(row.id))
        undelivered.push({ ...run, delivery: row.id, problem: "marked delivered, never received" });
      else if (row.status === "pending") undelivered.push({ ...run, delivery: row.id, problem: "still pending" });
    }
  }
  results.push(check("every article.completed / article.failed delivered or failed for good", undelivered));

  results.push(
    check("read tables equal a rebuild from the log", [
      ...diffTables(state.jobs, state.jobsRebuilt, "id"),
      ...diffTables(state.analytics, state.analyticsRebuilt, "tenant_id"),
    ]),
  );
  const garbled = [];
  for (const event of state.events) {
    const match = MOJIBAKE.exec(event.data ?? "");
    if (match) {
      const around = event.data.slice(Math.max(0, match.index - 30), match.index + 30);
      garbled.push({ stream: event.stream_id, version: event.version, type: event.type, around });
    }
  }
  results.push(check("no recorded text garbled by a wrong encoding", garbled));
  results.push(check("no page that declines AI use is a source", usedDeclined(state)));
  const requested = new Set(state.requestedPaths ?? []);
  results.push(
    check(
      "no page robots.txt declines for AI use is requested",
      (state.robotsDeclinedPaths ?? []).filter((path) => requested.has(path)).map((path) => ({ path })),
    ),
  );
  results.push(
    check(
      "no outbox row left unsent",
      state.outbox
        .filter((row) => row.sent_at == null)
        .map((row) => ({ id: row.id, queue: row.queue, sends: row.sends })),
    ),
  );
  return results;
}
