import { type JobServices, jobServices } from "../composition/jobs";
import { type SweepResult, sweepJobs } from "../core/app/sweep";

/** The cron trigger: the sweep (see `core/app/sweep.ts`) over this deployment's storage, logged. */
export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const services = jobServices(env);
  const result = await sweep(services);
  services.log.info("sweep", { cron: controller.cron, scheduledTime: controller.scheduledTime, ...result });
}

export function sweep(services: JobServices, limit = 100): Promise<SweepResult> {
  return sweepJobs(services, limit);
}
