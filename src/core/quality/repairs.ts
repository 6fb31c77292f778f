import type { Finding } from "./finding";
import { SEVERITY_RANK } from "./finding";

/** The check a repaired citation belongs to: the draft's citations pointed at sources it was not given. */
const CHECK = "citationValidity";

/**
 * What the writer repaired without asking again (citations of sources that were not retrieved, removed from
 * the draft) as quality findings: the draft reads well, but its writer cited what it was not given, which the
 * next revision should avoid.
 */
export function repairFindings(repairs: readonly string[]): Finding[] {
  return repairs.map((repair) => {
    const split = repair.indexOf(": ");
    return {
      check: CHECK,
      severity: "medium",
      message: `Citations of sources that were not retrieved were removed from the draft (${split > 0 ? repair.slice(split + 2) : repair})`,
      ...(split > 0 ? { location: repair.slice(0, split) } : {}),
      instruction: "Cite only the numbered sources provided; every [n] marker must be one of their numbers.",
    };
  });
}

interface Assessed {
  findings: Finding[];
  quality: object;
}

type WithChecks = { checks: { id: string; findings: Finding[] }[] };
const hasChecks = (quality: object): quality is WithChecks => Array.isArray((quality as Partial<WithChecks>).checks);

/** The assessment with the repair findings among its own, by severity, and under the citation check. */
export function withRepairFindings<T extends Assessed>(assessment: T, repairs: readonly string[]): T {
  const added = repairFindings(repairs);
  if (added.length === 0) return assessment;
  const findings = [...assessment.findings, ...added].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
  const quality = hasChecks(assessment.quality)
    ? {
        ...assessment.quality,
        checks: assessment.quality.checks.map((check) =>
          check.id === CHECK ? { ...check, findings: [...check.findings, ...added] } : check,
        ),
      }
    : assessment.quality;
  return { ...assessment, findings, quality };
}
