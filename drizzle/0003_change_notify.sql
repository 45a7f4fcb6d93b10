-- Every write to the tables a cached session, actor or org list is built from announces itself on
-- the channel `shuping_changes` (src/db/change-notify.ts), whoever writes: this app, another instance,
-- the CLI, an import, hand-written SQL. Statement-level, so a bulk import of thousands of orgs sends
-- one notification, and PostgreSQL folds identical ones within a transaction.
CREATE OR REPLACE FUNCTION shuping_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('shuping_changes', tg_table_name);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION shuping_notify_change();
--> statement-breakpoint
CREATE TRIGGER users_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION shuping_notify_change();
--> statement-breakpoint
CREATE TRIGGER orgs_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON orgs
  FOR EACH STATEMENT EXECUTE FUNCTION shuping_notify_change();
