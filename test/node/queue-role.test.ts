import { describe, expect, it } from "vitest";
import { queueRole } from "../../src/queues/role";

describe("queue roles", () => {
  it.each([
    ["optiblog-research", "research", false],
    ["optiblog-write-dlq", "write", true],
    ["optiblog-deliver-staging", "deliver", false],
    ["optiblog-research-dlq-staging", "research", true],
    ["optiblog-research-staging-dlq", "research", true],
    ["optiblog-staging-write", "write", false],
    ["acme_prod_deliver_dlq", "deliver", true],
    ["OptiBlog-Write-EU", "write", false],
  ])("reads %s as the %s queue (dead letters: %s)", (name, stage, deadLetter) => {
    expect(queueRole(name)).toEqual({ stage, deadLetter });
  });

  it.each(["optiblog-researchers", "optiblog-staging", "dlq", ""])("gives %j no role", (name) => {
    expect(queueRole(name)).toBeUndefined();
  });
});
