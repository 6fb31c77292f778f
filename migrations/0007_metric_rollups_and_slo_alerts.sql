CREATE TABLE `metric_rollups` (
	`window_start` integer NOT NULL,
	`tenant_id` text NOT NULL,
	`metric` text NOT NULL,
	`part` text NOT NULL,
	`labels` text NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`window_start`, `tenant_id`, `metric`, `part`, `labels`)
);
--> statement-breakpoint
CREATE INDEX `metric_rollups_metric_idx` ON `metric_rollups` (`metric`,`window_start`);--> statement-breakpoint
CREATE TABLE `slo_alerts` (
	`slo` text PRIMARY KEY NOT NULL,
	`firing` integer NOT NULL,
	`severity` text,
	`since` integer NOT NULL,
	`burn_rate` real NOT NULL,
	`notified` integer NOT NULL
);
