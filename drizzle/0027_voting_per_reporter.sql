CREATE TABLE "ballot_code_uses" (
	"code_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"submission_digest" text NOT NULL,
	CONSTRAINT "ballot_code_uses_code_id_org_id_pk" PRIMARY KEY("code_id","org_id")
);
--> statement-breakpoint
ALTER TABLE "meeting_reporters" ADD COLUMN "voting" text DEFAULT 'notOpened' NOT NULL;--> statement-breakpoint
ALTER TABLE "ballot_code_uses" ADD CONSTRAINT "ballot_code_uses_code_id_ballot_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."ballot_codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_code_uses" ADD CONSTRAINT "ballot_code_uses_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballot_code_uses_org_idx" ON "ballot_code_uses" USING btree ("org_id");--> statement-breakpoint
ALTER TABLE "meeting_reporters" ADD CONSTRAINT "meeting_reporters_voting_check" CHECK ("meeting_reporters"."voting" in ('notOpened','open','closed'));--> statement-breakpoint
UPDATE "review_meetings" SET "rules" = '{"votingMode":"allAtOnce"}'::jsonb || "rules" WHERE NOT "rules" ? 'votingMode';
