ALTER TABLE `webhook_deliveries` ADD `attempt_limit` integer;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_lease_idx` ON `webhook_deliveries` (`lease_expires_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_completed_idx` ON `webhook_deliveries` (`completed_at`);