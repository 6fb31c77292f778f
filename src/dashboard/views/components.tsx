import type { Child, FC } from "hono/jsx";

const RUNNING = new Set(["researching", "writing"]);
const STATUS_TEXT: Record<string, string> = {
  queued: "Queued",
  researching: "Researching",
  writing: "Writing",
  completed: "Completed",
  failed: "Failed",
};

/** Status as words first; colour only repeats what the text says. */
export const StatusBadge: FC<{ status: string }> = ({ status }) => {
  const tone = RUNNING.has(status) ? "running" : status in STATUS_TEXT ? status : "queued";
  return <span class={`badge badge-${tone}`}>{STATUS_TEXT[status] ?? status}</span>;
};

export type Band = "good" | "improve" | "problem";

export function bandOf(score: number): Band {
  if (score >= 75) return "good";
  if (score >= 50) return "improve";
  return "problem";
}

const BAND_TEXT: Record<Band, string> = { good: "good", improve: "needs work", problem: "poor" };

/** A 0–100 score as a bar with its number and a word; the bar itself is decoration. */
export const ScoreBar: FC<{ label: string; score: number | null | undefined; band?: Band }> = ({
  label,
  score,
  band,
}) => {
  if (score === null || score === undefined) {
    return (
      <div class="score">
        <span>{label}</span>
        <span />
        <span class="score-value">not scored</span>
      </div>
    );
  }
  const value = Math.max(0, Math.min(100, Math.round(score)));
  const tone = band ?? bandOf(value);
  return (
    <div class="score">
      <span>{label}</span>
      <svg class="score-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect class="track" x="0" y="0" width="100" height="8" rx="2" />
        <rect class={`fill-${tone}`} x="0" y="0" width={String(value)} height="8" rx="2" />
      </svg>
      <span class="score-value">
        {value}/100 · {BAND_TEXT[tone]}
      </span>
    </div>
  );
};

export const ProblemAlert: FC<{ title: string; detail?: string; children?: Child }> = ({ title, detail, children }) => (
  <div class="alert" role="alert">
    <p>
      <strong>{title}</strong>
      {detail ? ` ${detail}` : ""}
    </p>
    {children}
  </div>
);

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace("T", " ").slice(0, 16);
}
