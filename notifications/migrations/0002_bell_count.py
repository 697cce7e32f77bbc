"""The header bell's number kept by the database: accounts_user.unread_notifications is the count of the member's
notifications that are unread and not out of sight. Triggers on notifications_notification keep it right for every
write, however it is made (bulk inserts that skip duplicates, "mark all read", cascades when a post, topic or member
goes), and under concurrency: each statement adds its net change per member, locking the members' rows in id order
so that two deliveries to overlapping followers never deadlock."""

from django.db import migrations, models

COUNTED = "read_at IS NULL AND NOT out_of_sight"


def function(name, changes):
    """A statement trigger's function: `changes` selects (recipient_id, +1 or -1) rows from the transition tables."""
    net = f"SELECT c.recipient_id, sum(c.n) AS n FROM ({changes}) AS c GROUP BY c.recipient_id HAVING sum(c.n) <> 0"
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM accounts_user WHERE id IN (SELECT d.recipient_id FROM ({net}) AS d) ORDER BY id FOR UPDATE;
  UPDATE accounts_user AS u SET unread_notifications = GREATEST(0, u.unread_notifications + d.n)
    FROM ({net}) AS d WHERE u.id = d.recipient_id;
  RETURN NULL;
END $$;
"""


FORWARD = "\n".join([
    function("agora_bell_inserted", f"SELECT recipient_id, 1 AS n FROM new_rows WHERE {COUNTED}"),
    function("agora_bell_deleted", f"SELECT recipient_id, -1 AS n FROM old_rows WHERE {COUNTED}"),
    function("agora_bell_updated", f"SELECT recipient_id, 1 AS n FROM new_rows WHERE {COUNTED} "
                                   f"UNION ALL SELECT recipient_id, -1 AS n FROM old_rows WHERE {COUNTED}"),
    """
CREATE TRIGGER agora_bell_inserted AFTER INSERT ON notifications_notification
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agora_bell_inserted();
CREATE TRIGGER agora_bell_deleted AFTER DELETE ON notifications_notification
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agora_bell_deleted();
CREATE TRIGGER agora_bell_updated AFTER UPDATE ON notifications_notification
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agora_bell_updated();
""",
    f"""
UPDATE accounts_user AS u SET unread_notifications = (
  SELECT count(*) FROM notifications_notification WHERE recipient_id = u.id AND {COUNTED});
""",
])

BACKWARD = """
DROP TRIGGER IF EXISTS agora_bell_inserted ON notifications_notification;
DROP TRIGGER IF EXISTS agora_bell_deleted ON notifications_notification;
DROP TRIGGER IF EXISTS agora_bell_updated ON notifications_notification;
DROP FUNCTION IF EXISTS agora_bell_inserted();
DROP FUNCTION IF EXISTS agora_bell_deleted();
DROP FUNCTION IF EXISTS agora_bell_updated();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_user_unread_notifications'),
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='out_of_sight',
            field=models.BooleanField(default=False, editable=False, verbose_name='out of sight'),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
