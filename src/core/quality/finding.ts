/** One fault a quality check found, with what a revision should do about it. */
export interface Finding {
  check: string;
  severity: "high" | "medium" | "low";
  message: string;
  location?: string;
  instruction: string;
}
export interface QualityCheck {
  id: string;
  score: number;
  findings: Finding[];
}

export const SEVERITY_RANK: Record<Finding["severity"], number> = { high: 0, medium: 1, low: 2 };

/** A check's score from its findings when the measure is a list of faults rather than a ratio. */
export function scoreFromFindings(findings: Finding[], penalties = { high: 25, medium: 12, low: 5 }): number {
  return Math.max(0, 100 - findings.reduce((sum, f) => sum + penalties[f.severity], 0));
}

export function qualityCheck(id: string, score: number, findings: Finding[]): QualityCheck {
  return { id, score: Math.round(Math.max(0, Math.min(100, score))), findings };
}

export const excerpt = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
