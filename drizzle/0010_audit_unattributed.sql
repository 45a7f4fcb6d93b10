ALTER TABLE "audit_log" ADD COLUMN "unattributed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_unattributed_anonymous" CHECK (not "audit_log"."unattributed" or ("audit_log"."actor_id" is null and "audit_log"."actor_name" is null and "audit_log"."ip" is null
        and "audit_log"."at" = date_trunc('day', "audit_log"."at", 'UTC')));