import type { JobServices } from "../composition/jobs";
import { handleWrite } from "../core/app/stages";
import type { QueueConsumer } from "./consumer";
import { type PortsFor, stageConsumer } from "./stage";

/** The write queue's consumer: core's write handler with the batch's job graph. */
export function writeConsumer(portsFor: PortsFor, servicesFor?: (env: Env) => JobServices): QueueConsumer {
  return stageConsumer("write", handleWrite, portsFor, servicesFor);
}
