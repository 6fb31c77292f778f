-- Inbound hook calls are remembered as the idempotency keys of the jobs they start (hook:<id>:...), committed
-- with the job; the cron sweep prunes idempotency keys by age.
DROP TABLE `inbound_webhook_ids`;--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);