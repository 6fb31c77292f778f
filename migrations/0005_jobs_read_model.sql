CREATE TABLE `jobs_rebuild` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`keyword` text NOT NULL,
	`keyword_normalised` text NOT NULL,
	`status` text NOT NULL,
	`stage` text NOT NULL,
	`run` integer NOT NULL,
	`attempts` integer NOT NULL,
	`seo_score` real,
	`quality_score` real,
	`overall_score` real,
	`passed` integer,
	`error_code` text,
	`error_message` text,
	`webhook_url` text,
	`batch_id` text,
	`trace_id` text NOT NULL,
	`article` text,
	`assessment` text,
	`sources` text,
	`usage` text,
	`research_ms` integer,
	`total_ms` integer,
	`views` integer DEFAULT 0 NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`stage_entered_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tenant_analytics_rebuild` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`jobs` integer DEFAULT 0 NOT NULL,
	`completions` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`scored` integer DEFAULT 0 NOT NULL,
	`seo_sum` real DEFAULT 0 NOT NULL,
	`quality_sum` real DEFAULT 0 NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`ratings` integer DEFAULT 0 NOT NULL,
	`rating_sum` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE `jobs` ADD `assessment` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `sources` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `usage` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `research_ms` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `total_ms` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `views` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE `jobs` SET `views` = (SELECT COUNT(*) FROM `events` WHERE `events`.`stream_id` = `jobs`.`id` AND `events`.`type` = 'ArticleViewed');
