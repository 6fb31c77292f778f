PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_stage_heartbeats` (
	`job_id` text NOT NULL,
	`stage` text NOT NULL,
	`beat_at` integer NOT NULL,
	`held` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`job_id`, `stage`)
);
--> statement-breakpoint
INSERT INTO `__new_stage_heartbeats`("job_id", "stage", "beat_at", "held") SELECT "job_id", "stage", "beat_at", "held" FROM `stage_heartbeats`;--> statement-breakpoint
DROP TABLE `stage_heartbeats`;--> statement-breakpoint
ALTER TABLE `__new_stage_heartbeats` RENAME TO `stage_heartbeats`;--> statement-breakpoint
PRAGMA foreign_keys=ON;