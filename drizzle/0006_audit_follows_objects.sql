CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
-- Entries written before audit paths followed their objects: put each under the current place of
-- its org, then of its member, so a former owner reads no personal data of what left its scope.
UPDATE "audit_log" a SET "org_path" = o."path" FROM "orgs" o
  WHERE o."id" = ltree2text(subpath(a."org_path", -1))::int AND a."org_path" <> o."path";--> statement-breakpoint
UPDATE "audit_log" a SET "org_path" = m."org_path" FROM "members" m
  WHERE a."entity_type" = 'member' AND a."entity_id" = m."id"::text AND a."action" <> 'transfer.out'
    AND a."org_path" <> m."org_path";--> statement-breakpoint
UPDATE "audit_log" a SET "org_path" = m."org_path" FROM "mobile_records" r JOIN "members" m ON m."id" = r."member_id"
  WHERE a."entity_type" = 'mobileRecord' AND a."entity_id" = r."id"::text AND a."org_path" <> m."org_path";
