CREATE TABLE "paper_ballot_entries" (
	"code_id" integer NOT NULL,
	"pass" integer NOT NULL,
	"user_id" integer NOT NULL,
	"choices" jsonb NOT NULL,
	CONSTRAINT "paper_ballot_entries_code_id_pass_pk" PRIMARY KEY("code_id","pass"),
	CONSTRAINT "paper_ballot_entries_code_user_key" UNIQUE("code_id","user_id"),
	CONSTRAINT "paper_ballot_entries_pass_check" CHECK ("paper_ballot_entries"."pass" in (1, 2))
);
--> statement-breakpoint
ALTER TABLE "paper_ballot_entries" ADD CONSTRAINT "paper_ballot_entries_code_id_ballot_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."ballot_codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_ballot_entries" ADD CONSTRAINT "paper_ballot_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paper_ballot_entries_user_idx" ON "paper_ballot_entries" USING btree ("user_id");