import { loadConfig } from "../config";
import { createLogger } from "../logger";

/** The cron trigger: re-sends unsent outbox rows and re-drives stuck jobs (filled in by the job pipeline). */
export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  createLogger(loadConfig(env).LOG_LEVEL).info("sweep", {
    cron: controller.cron,
    scheduledTime: controller.scheduledTime,
  });
}
