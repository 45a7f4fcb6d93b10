ALTER TABLE "ballot_codes" ADD COLUMN "org_id" integer;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "comment" text;--> statement-breakpoint
ALTER TABLE "review_meetings" ADD COLUMN "kind" text DEFAULT 'appraisal' NOT NULL;--> statement-breakpoint
ALTER TABLE "ballot_codes" ADD CONSTRAINT "ballot_codes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballot_codes_org_idx" ON "ballot_codes" USING btree ("org_id");--> statement-breakpoint
ALTER TABLE "review_meetings" ADD CONSTRAINT "review_meetings_kind_check" CHECK ("review_meetings"."kind" in ('appraisal','satisfaction'));