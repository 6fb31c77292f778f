import type { JobServices } from "../composition/jobs";
import { handleResearch } from "../core/app/stages";
import type { QueueConsumer } from "./consumer";
import { type PortsFor, stageConsumer } from "./stage";

/** The research queue's consumer: core's research handler with the batch's job graph. */
export function researchConsumer(portsFor: PortsFor, servicesFor?: (env: Env) => JobServices): QueueConsumer {
  return stageConsumer("research", handleResearch, portsFor, servicesFor);
}
