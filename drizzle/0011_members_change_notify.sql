-- A member's detail is cached per scope like an org's (src/server/cache/scoped-reads.ts): every write to
-- members announces itself on `shuping_changes` too, whoever writes (an import, the CLI, another
-- instance). Statement-level, so an import batch sends one notification; the payload names the table,
-- so sessions and org lists stay cached through member edits.
CREATE TRIGGER members_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON members
  FOR EACH STATEMENT EXECUTE FUNCTION shuping_notify_change();
