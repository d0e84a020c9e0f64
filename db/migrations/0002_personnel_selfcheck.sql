CREATE TABLE `personnel` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`cert_no` text DEFAULT '' NOT NULL,
	`practising` text NOT NULL,
	`education` text NOT NULL,
	`title` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`disclosure_cancelled` integer DEFAULT false NOT NULL,
	`qualification_revoked` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "personnel_practising_ck" CHECK("personnel"."practising" IN ('是','否','—')),
	CONSTRAINT "personnel_education_ck" CHECK("personnel"."education" IN ('是','否','—')),
	CONSTRAINT "personnel_title_ck" CHECK("personnel"."title" IN ('是','否','—'))
);
--> statement-breakpoint
CREATE INDEX `personnel_agency_idx` ON `personnel` (`agency_id`,`seq`);--> statement-breakpoint
CREATE TABLE `personnel_checklists` (
	`agency_id` text PRIMARY KEY NOT NULL,
	`total_staff` integer,
	`disclosed_count` integer,
	`social_insurance_count` integer,
	`meets_requirements` text DEFAULT '' NOT NULL,
	`filled_by` text DEFAULT '' NOT NULL,
	`filled_phone` text DEFAULT '' NOT NULL,
	`filled_on` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `self_check_items` (
	`agency_id` text NOT NULL,
	`item_key` text NOT NULL,
	`problems` text DEFAULT '' NOT NULL,
	`corrections` text DEFAULT '' NOT NULL,
	`acceptance` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`agency_id`, `item_key`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE cascade
);
