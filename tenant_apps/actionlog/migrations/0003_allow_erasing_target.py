"""Let erasure blank an action's `target` (where it is a deleted person's e-mail address).

Allowed updates are now: `actor_id` set to NULL and/or `target` set to '', with every
other column unchanged. Nothing can be rewritten to a different value, and rows still
cannot be deleted. See docs/adr/0009-account-deletion-anonymises-across-schemas.md.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION actionlog_keep_history() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id
     AND (NEW.actor_id IS NULL OR NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id)
     AND (NEW.target = OLD.target OR NEW.target = '')
     AND NEW.verb = OLD.verb AND NEW.data = OLD.data AND NEW.created = OLD.created THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the action log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
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
"""


class Migration(migrations.Migration):
    dependencies = [("actionlog", "0002_append_only")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
