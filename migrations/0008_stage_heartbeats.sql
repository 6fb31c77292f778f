CREATE TABLE `stage_heartbeats` (
	`job_id` text PRIMARY KEY NOT NULL,
	`stage` text NOT NULL,
	`beat_at` integer NOT NULL,
	`held` integer DEFAULT 0 NOT NULL
);
