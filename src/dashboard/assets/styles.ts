/** The dashboard's one stylesheet. Colours keep text at 4.5:1 or better on its background. */
export const DASHBOARD_CSS = `
:root { --text: #1a1a1a; --muted: #4a4a4a; --link: #0b57d0; --line: #c7c7c7; --bg: #ffffff; --panel: #f6f7f9;
  --good: #1e7b34; --improve: #8a5a00; --problem: #b3261e; --focus: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; background: var(--bg); padding: 0.5rem 1rem; border: 2px solid var(--focus); z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.site-header { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: center; padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel); }
.brand { margin: 0; font-weight: 700; font-size: 1.125rem; }
.brand a { color: var(--text); text-decoration: none; }
.site-header nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
.site-header nav a[aria-current="page"] { font-weight: 700; color: var(--text); text-decoration-thickness: 3px; }
.account { margin-left: auto; display: flex; gap: 0.75rem; align-items: center; color: var(--muted); }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
main:focus { outline: none; }
footer { border-top: 1px solid var(--line); padding: 1rem 1.5rem; color: var(--muted); font-size: 0.875rem; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
button, .button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid #0842a0; background: #0b57d0; color: #ffffff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: var(--bg); color: #0842a0; }
input, select, textarea { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #767676; border-radius: 4px; color: var(--text); background: var(--bg); max-width: 100%; }
textarea { width: 100%; min-height: 4.5rem; }
label { font-weight: 600; display: block; margin-bottom: 0.25rem; }
.field { margin-bottom: 1rem; }
.field.checkbox label { display: inline; font-weight: 400; margin-left: 0.35rem; }
.hint { color: var(--muted); font-size: 0.875rem; margin: 0.2rem 0 0; }
.field-error { color: var(--problem); font-weight: 600; margin: 0.25rem 0 0; }
[aria-invalid="true"] { border: 2px solid var(--problem); }
.alert { border: 2px solid var(--problem); background: #fce8e6; color: #5c0f0b; padding: 0.75rem 1rem; border-radius: 6px; margin-bottom: 1rem; }
.notice { border: 1px solid var(--line); background: var(--panel); padding: 0.75rem 1rem; border-radius: 6px; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1.25rem; padding: 0.75rem 1rem; }
legend { font-weight: 700; padding: 0 0.35rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1.25rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 700; }
.badge { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 999px; font-size: 0.85rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge-completed { background: #e6f4ea; color: #0d5223; }
.badge-failed { background: #fce8e6; color: #8c1d18; }
.badge-running { background: #e8f0fe; color: #0b3d91; }
.badge-queued { background: #f1f3f4; color: #3c4043; }
.score { display: grid; grid-template-columns: minmax(6rem, 12rem) minmax(6rem, 1fr) auto; gap: 0.75rem; align-items: center; margin: 0.35rem 0; }
.score-bar { width: 100%; height: 0.75rem; }
.score-bar .track { fill: #e3e3e3; }
.fill-good { fill: var(--good); }
.fill-improve { fill: var(--improve); }
.fill-problem { fill: var(--problem); }
.score-value { font-variant-numeric: tabular-nums; white-space: nowrap; }
.check-message { margin: 0 0 0.5rem; color: var(--muted); font-size: 0.9rem; }
.checks { list-style: none; padding: 0; margin: 0 0 1rem; }
.checks li { margin-bottom: 0.35rem; }
.summary { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; margin: 0; }
.summary div { min-width: 8rem; }
.summary dt { color: var(--muted); font-size: 0.875rem; }
.summary dd { margin: 0; font-weight: 600; }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
.timeline li { padding: 0.25rem 0 0.5rem 1rem; }
.timeline time, .timeline .detail { color: var(--muted); font-size: 0.9rem; margin-left: 0.5rem; }
.preview { width: 100%; height: 38rem; border: 1px solid var(--line); border-radius: 6px; background: #ffffff; }
.chart { max-width: 100%; height: auto; }
.chart .bar { fill: #0b57d0; }
.chart .axis { stroke: #767676; }
.chart text { fill: var(--text); font-size: 11px; }
.pager { display: flex; gap: 1rem; margin-top: 1rem; }
.filters { display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
.filters .field { margin: 0; }
.jobs-table .keyword, .source-url { overflow-wrap: anywhere; }
/* On a phone the jobs table becomes one card a job: each cell on its own line, named by its column. */
@media (max-width: 40rem) {
  main { padding: 1rem; }
  .jobs-table, .jobs-table tbody, .jobs-table tr, .jobs-table td { display: block; width: 100%; }
  .jobs-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .jobs-table tr { border-bottom: 1px solid var(--line); padding: 0.5rem 0; }
  .jobs-table td { border: 0; padding: 0.25rem 0; }
  .jobs-table td:not(.keyword)::before { content: attr(data-label); display: block; color: var(--muted); font-size: 0.875rem; }
  .jobs-table .keyword { font-weight: 600; font-size: 1.05rem; }
  .score { grid-template-columns: minmax(4.5rem, auto) minmax(4rem, 1fr) auto; gap: 0.5rem; }
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
