CREATE TABLE `inspection_items` (
	`inspection_id` text NOT NULL,
	`item_no` integer NOT NULL,
	`clauses` text DEFAULT '[]' NOT NULL,
	`score` real,
	`not_applicable` integer DEFAULT false NOT NULL,
	`problem` text DEFAULT '' NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`inspection_id`, `item_no`),
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "inspection_items_no_ck" CHECK("inspection_items"."item_no" BETWEEN 1 AND 42)
);
--> statement-breakpoint
CREATE TABLE `scoring_templates` (
	`id` text NOT NULL,
	`version` text NOT NULL,
	`name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`id`, `version`)
);
--> statement-breakpoint
ALTER TABLE `inspections` ADD `template_id` text DEFAULT 'sh-2024-317-default' NOT NULL;--> statement-breakpoint
ALTER TABLE `inspections` ADD `template_version` text DEFAULT '2024.1' NOT NULL;