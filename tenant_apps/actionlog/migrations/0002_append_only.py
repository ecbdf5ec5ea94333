"""Make the action log append-only in the database: no UPDATE or DELETE of its rows.

The one change allowed is clearing `actor_id` (an account being anonymised), which keeps
every other column as it was.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION actionlog_keep_history() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND NEW.id = OLD.id
     AND NEW.verb = OLD.verb AND NEW.target = OLD.target
     AND NEW.data = OLD.data AND NEW.created = OLD.created THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the action log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER actionlog_append_only BEFORE UPDATE OR DELETE ON actionlog_action
FOR EACH ROW EXECUTE FUNCTION actionlog_keep_history();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS actionlog_append_only ON actionlog_action;
DROP FUNCTION IF EXISTS actionlog_keep_history();
"""


class Migration(migrations.Migration):
    dependencies = [("actionlog", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
