ALTER TABLE `revision_conflicts` ADD `seal` text;--> statement-breakpoint
ALTER TABLE `revisions` ADD `seal` text;