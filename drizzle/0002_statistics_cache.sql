CREATE TABLE "statistics_days" (
	"day" date PRIMARY KEY NOT NULL,
	"formula" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_org_counts" (
	"day" date NOT NULL,
	"org_id" integer NOT NULL,
	"orgs_total" integer NOT NULL,
	"committees" integer NOT NULL,
	"general_branches" integer NOT NULL,
	"branches" integer NOT NULL,
	"branch_domain_village" integer NOT NULL,
	"branch_domain_community" integer NOT NULL,
	"branch_domain_government" integer NOT NULL,
	"branch_domain_institution" integer NOT NULL,
	"branch_domain_state_enterprise" integer NOT NULL,
	"branch_domain_private_enterprise" integer NOT NULL,
	"branch_domain_social_org" integer NOT NULL,
	"branch_domain_industry" integer NOT NULL,
	"branch_domain_mobile" integer NOT NULL,
	"branch_domain_unspecified" integer NOT NULL,
	"class_advanced" integer NOT NULL,
	"class_ordinary" integer NOT NULL,
	"class_weak" integer NOT NULL,
	"class_none" integer NOT NULL,
	"weak_under_rectification" integer NOT NULL,
	"service_centers" integer NOT NULL,
	"remote_education_sites" integer NOT NULL,
	"terms_ending_soon" integer NOT NULL,
	"terms_overdue" integer NOT NULL,
	"village_branches" integer NOT NULL,
	"eligible_villages" integer NOT NULL,
	"villages_without_development" integer NOT NULL,
	"concurrent_head_villages" integer NOT NULL,
	"party" integer NOT NULL,
	"probationary" integer NOT NULL,
	"female" integer NOT NULL,
	"activists" integer NOT NULL,
	"candidates" integer NOT NULL,
	"applicants" integer NOT NULL,
	"outflow" integer NOT NULL,
	"outflow_female" integer NOT NULL,
	"inflow" integer NOT NULL,
	"new_economic_social" integer NOT NULL,
	"edu_primary" integer NOT NULL,
	"edu_junior_high" integer NOT NULL,
	"edu_senior_high" integer NOT NULL,
	"edu_technical_secondary" integer NOT NULL,
	"edu_junior_college" integer NOT NULL,
	"edu_bachelor" integer NOT NULL,
	"edu_master" integer NOT NULL,
	"edu_doctorate" integer NOT NULL,
	"age_known" integer NOT NULL,
	"age_sum" integer NOT NULL,
	"age_under30" integer NOT NULL,
	"age_from30to39" integer NOT NULL,
	"age_from40to49" integer NOT NULL,
	"age_from50to59" integer NOT NULL,
	"age_from60to69" integer NOT NULL,
	"age_from70" integer NOT NULL,
	"age_female_under30" integer NOT NULL,
	"age_female_from30to39" integer NOT NULL,
	"age_female_from40to49" integer NOT NULL,
	"age_female_from50to59" integer NOT NULL,
	"age_female_from60to69" integer NOT NULL,
	"age_female_from70" integer NOT NULL,
	"age_under35" integer NOT NULL,
	"new_in_year0" integer NOT NULL,
	"new_in_year1" integer NOT NULL,
	"new_in_year2" integer NOT NULL,
	"new_in_year3" integer NOT NULL,
	"new_in_year4" integer NOT NULL,
	"town_leaders" integer NOT NULL,
	"town_leaders_age_known" integer NOT NULL,
	"town_leaders_age_sum" integer NOT NULL,
	"town_leaders_senior_high" integer NOT NULL,
	"town_leaders_college" integer NOT NULL,
	"village_secretaries" integer NOT NULL,
	"village_secretaries_age_known" integer NOT NULL,
	"village_secretaries_age_sum" integer NOT NULL,
	"village_secretaries_senior_high" integer NOT NULL,
	"village_secretaries_college" integer NOT NULL,
	"two_committees" integer NOT NULL,
	"two_committees_age_known" integer NOT NULL,
	"two_committees_age_sum" integer NOT NULL,
	"two_committees_senior_high" integer NOT NULL,
	"two_committees_college" integer NOT NULL,
	"branch_committee" integer NOT NULL,
	"village_committee" integer NOT NULL,
	"cross_posts" integer NOT NULL,
	"college_grad_officials" integer NOT NULL,
	"resident_cadres" integer NOT NULL,
	"first_secretaries" integer NOT NULL,
	"np_entities" integer NOT NULL,
	"np_should_establish" integer NOT NULL,
	"np_established" integer NOT NULL,
	"np_covered" integer NOT NULL,
	"np_instructors" integer NOT NULL,
	CONSTRAINT "statistics_org_counts_day_org_id_pk" PRIMARY KEY("day","org_id")
);
--> statement-breakpoint
CREATE TABLE "statistics_subtree_totals" (
	"day" date NOT NULL,
	"org_id" integer NOT NULL,
	"totals" jsonb NOT NULL,
	CONSTRAINT "statistics_subtree_totals_day_org_id_pk" PRIMARY KEY("day","org_id")
);
--> statement-breakpoint
ALTER TABLE "statistics_org_counts" ADD CONSTRAINT "statistics_org_counts_day_statistics_days_day_fk" FOREIGN KEY ("day") REFERENCES "public"."statistics_days"("day") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics_subtree_totals" ADD CONSTRAINT "statistics_subtree_totals_day_statistics_days_day_fk" FOREIGN KEY ("day") REFERENCES "public"."statistics_days"("day") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statistics_org_counts_org_idx" ON "statistics_org_counts" USING btree ("org_id");--> statement-breakpoint
-- Invalidation of the statistics cache. Every table the per-org rows are computed from deletes
-- the rows of the orgs a change can affect, and the subtree totals of their ancestors, in the
-- writing transaction, whoever writes
-- (API, import, CLI, hand-written SQL). The shared advisory lock makes a writer wait while a
-- statistics request fills the cache (it holds the lock exclusively and never waits for it), so a
-- row computed from data older than a change is never stored after that change's delete ran.
CREATE FUNCTION statistics_invalidate_paths(paths ltree[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(paths) > 0 THEN
    PERFORM pg_advisory_xact_lock_shared(7420612);
    -- The subtree totals of every org whose subtree holds one of the paths.
    DELETE FROM statistics_subtree_totals t
    WHERE EXISTS (SELECT 1 FROM orgs a WHERE a.id = t.org_id AND a.path @> paths);
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION statistics_invalidate(org_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(org_ids) > 0 THEN
    PERFORM pg_advisory_xact_lock_shared(7420612);
    DELETE FROM statistics_org_counts WHERE org_id = ANY(org_ids);
    PERFORM statistics_invalidate_paths(array(SELECT path FROM orgs WHERE id = ANY(org_ids)));
  END IF;
END $$;
--> statement-breakpoint
-- Every org a member can be counted in on some day: the current one and each one a transfer left
-- or reached (the transfer rule picks among them by date).
CREATE FUNCTION statistics_member_orgs(member_ids integer[]) RETURNS integer[] LANGUAGE sql STABLE AS $$
  SELECT array(
    SELECT m.org_id FROM members m WHERE m.id = ANY(member_ids)
    UNION SELECT t.from_org_id FROM member_transfers t WHERE t.member_id = ANY(member_ids)
    UNION SELECT t.to_org_id FROM member_transfers t WHERE t.member_id = ANY(member_ids))
$$;
--> statement-breakpoint
CREATE FUNCTION statistics_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM statistics_invalidate(array(SELECT DISTINCT org_id FROM old_rows)
      || statistics_member_orgs(array(SELECT id FROM old_rows)));
  END IF;
  -- A new member has no transfers yet: their org is enough (and cheap for a bulk import).
  IF TG_OP = 'INSERT' THEN
    PERFORM statistics_invalidate(array(SELECT DISTINCT org_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM statistics_invalidate(array(SELECT DISTINCT org_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION statistics_member_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM statistics_invalidate(statistics_member_orgs(array(SELECT DISTINCT member_id FROM old_rows)));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM statistics_invalidate(statistics_member_orgs(array(SELECT DISTINCT member_id FROM new_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION statistics_transfers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM statistics_invalidate(array(SELECT from_org_id FROM old_rows UNION SELECT to_org_id FROM old_rows)
      || statistics_member_orgs(array(SELECT DISTINCT member_id FROM old_rows)));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM statistics_invalidate(array(SELECT from_org_id FROM new_rows UNION SELECT to_org_id FROM new_rows)
      || statistics_member_orgs(array(SELECT DISTINCT member_id FROM new_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Orgs, rectifications and non-public entities count in the org named by their own column.
CREATE FUNCTION statistics_orgs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The old paths too: a move or a deletion changes the subtrees the org used to be in.
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM statistics_invalidate(array(SELECT id FROM old_rows));
    PERFORM statistics_invalidate_paths(array(SELECT path FROM old_rows));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM statistics_invalidate(array(SELECT id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION statistics_org_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM statistics_invalidate(array(SELECT DISTINCT org_id FROM old_rows));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM statistics_invalidate(array(SELECT DISTINCT org_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION statistics_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7420612);
  DELETE FROM statistics_days;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON members REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_members_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_members_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON members REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_members_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON members FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON member_transfers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_transfers_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON member_transfers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_transfers_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON member_transfers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_transfers_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON member_transfers FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON mobile_records REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_member_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON mobile_records REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_member_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON mobile_records REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_member_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON mobile_records FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON orgs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_orgs_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON orgs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_orgs_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON orgs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_orgs_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON orgs FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON weak_org_rectifications REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON weak_org_rectifications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON weak_org_rectifications REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON weak_org_rectifications FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON non_public_entities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON non_public_entities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON non_public_entities REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON non_public_entities FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
