CREATE TABLE `agencies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`credit_code` text NOT NULL,
	`legal_rep` text DEFAULT '' NOT NULL,
	`legal_rep_phone` text DEFAULT '' NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`district` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agencies_credit_code_uq` ON `agencies` (`credit_code`);--> statement-breakpoint
CREATE INDEX `agencies_name_idx` ON `agencies` (`name`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`org_name` text NOT NULL,
	`cert_no` text NOT NULL,
	`issuer` text NOT NULL,
	`issued_on` text NOT NULL,
	`valid_until` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `certificates_agency_idx` ON `certificates` (`agency_id`);--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`kind` text NOT NULL,
	`type` text NOT NULL,
	`inspected_on` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`inspectors` text DEFAULT '[]' NOT NULL,
	`spot_check` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "inspections_status_ck" CHECK("inspections"."status" IN ('draft','completed','signed','submitted')),
	CONSTRAINT "inspections_kind_ck" CHECK("inspections"."kind" IN ('agency','exam'))
);
--> statement-breakpoint
CREATE INDEX `inspections_agency_idx` ON `inspections` (`agency_id`);--> statement-breakpoint
CREATE INDEX `inspections_date_idx` ON `inspections` (`inspected_on`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
