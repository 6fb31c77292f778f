import { describe, expect, it } from "vitest";
import { assessArticle } from "../../src/core/assess/index";
import type { PipelinePorts } from "../../src/core/jobs/ports";
import { ArticleRequestSchema } from "../../src/core/jobs/request";
import { recordResearch } from "../../src/core/jobs/research-record";
import { writeNextDraft } from "../../src/core/jobs/stages";
import { emptyJob, type RequestedJob } from "../../src/core/jobs/state";
import { repairFindings } from "../../src/core/quality/repairs";
import { decideNext } from "../../src/core/revision/policy";
import { fixtureReport } from "../research-fixtures";
import { scripted, section } from "../writing-mock-model";

function writingJob(): RequestedJob {
  return {
    ...emptyJob("job_repairs"),
    exists: true,
    request: ArticleRequestSchema.parse({ keyword: "compost", seoThreshold: 100, maxAttempts: 2 }),
    tenantId: "ten_repairs",
    status: "writing",
    stage: "write",
    run: 1,
    research: { run: 1, report: recordResearch(fixtureReport("compost")) },
  };
}

describe("citations repaired while writing", () => {
  it("become a quality finding of the draft's assessment, under the citation check", async () => {
    const { writer } = scripted({ section: [section("[2]"), section("[2][9]"), section("[2]")] });
    const ports: PipelinePorts = {
      research: () => Promise.reject(new Error("not used")),
      writer: () => writer,
      assess: assessArticle,
      decide: decideNext,
    };
    const plan = await writeNextDraft(writingJob(), ports);
    const assessed = plan.events.find((event) => event.type === "AssessmentCompleted");
    if (assessed?.type !== "AssessmentCompleted") throw new Error("no assessment");
    const finding = assessed.data.assessment.findings.find((f) => f.message.includes("not retrieved"));
    expect(finding).toMatchObject({ check: "citationValidity", severity: "medium", location: "section:1" });
    expect(finding?.message).toContain("[9]");
    const quality = assessed.data.assessment.quality as unknown as { checks: { id: string; findings: unknown[] }[] };
    expect(quality.checks.find((check) => check.id === "citationValidity")?.findings).toContainEqual(finding);
  });

  it("add nothing when nothing was repaired", () => {
    expect(repairFindings([])).toEqual([]);
    expect(repairFindings(["outline: removed citations of sources that were not retrieved ([4])"])).toEqual([
      {
        check: "citationValidity",
        severity: "medium",
        message:
          "Citations of sources that were not retrieved were removed from the draft (removed citations of sources that were not retrieved ([4]))",
        location: "outline",
        instruction: "Cite only the numbered sources provided; every [n] marker must be one of their numbers.",
      },
    ]);
  });
});
