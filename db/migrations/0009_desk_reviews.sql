CREATE TABLE `reviews` (
	`review_id` text PRIMARY KEY NOT NULL,
	`inspection_id` text NOT NULL,
	`revision` integer NOT NULL,
	`revision_sha256` text NOT NULL,
	`state` text NOT NULL,
	`reason` text NOT NULL,
	`decided_at` text NOT NULL,
	`reviewer_name` text NOT NULL,
	`reviewer_badge_no` text NOT NULL,
	`review_unit` text NOT NULL,
	`desk_key_id` text NOT NULL,
	`document` text NOT NULL,
	`origin` text NOT NULL,
	`posted_at` text,
	`stored_at` text NOT NULL,
	CONSTRAINT "reviews_state_ck" CHECK("reviews"."state" IN ('accepted','returned')),
	CONSTRAINT "reviews_origin_ck" CHECK("reviews"."origin" IN ('own','received'))
);
--> statement-breakpoint
CREATE INDEX `reviews_inspection_idx` ON `reviews` (`inspection_id`,`revision`,`decided_at`);--> statement-breakpoint
CREATE INDEX `reviews_unposted_idx` ON `reviews` (`origin`,`posted_at`);--> statement-breakpoint
ALTER TABLE `sync_connection` ADD `feed_cursor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_connection` ADD `reviews_cursor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_connection` ADD `last_pull_at` text;