"""python manage.py import_ips --source mysql://user:pass@host/db [--prefix ibf_] --base-url https://old.example/
[--uploads DIR] [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.core.exceptions import ValidationError

from ipsimport.importer import Importer
from ipsimport.models import SourceBoard
from ipsimport.source import Source, SourceError, source_key


def _ids(value):
    try:
        return tuple(int(v) for v in value.split(",") if v.strip())
    except ValueError:
        raise CommandError(f"Expected group ids such as 4 or 4,7, not {value!r}.")


class Command(BaseCommand):
    help = ("Import an Invision Community 4.x board (members, groups, forums, permissions, topics, posts, "
            "attachments, ratings, reactions, follows, warnings) from its MySQL/MariaDB database, reading only. Run it "
            "again to import what is new and carry over what changed.")

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, help="mysql://user:password@host[:port]/database")
        parser.add_argument("--prefix", default="", help="the IPS table prefix (sql_tbl_prefix), e.g. ibf_")
        parser.add_argument("--base-url", required=True, help="the old board's address, e.g. https://old.example/")
        parser.add_argument("--uploads", help="a copy of the old board's uploads folder (avatars, attachments)")
        parser.add_argument("--uploads-url", help="where the old uploads are served (default: BASE_URL/uploads)")
        parser.add_argument("--dry-run", action="store_true", help="import in a transaction rolled back at the end,"
                            " printing what would be imported and every problem found")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--admin-groups", default="4", help="IPS group ids of administrators (default 4)")
        parser.add_argument("--guest-group", type=int, default=2, help="IPS guest group id (default 2)")
        parser.add_argument("--member-group", type=int, default=3, help="IPS member group id (default 3)")

    def handle(self, *args, **options):
        base_url = options["base_url"].rstrip("/") + "/"
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError:
            raise CommandError(f"--base-url must be the old board's http(s) address, not {options['base_url']!r}.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            source = Source(options["source"], options["prefix"])
            key = source_key(options["source"], options["prefix"])
        except SourceError as error:
            raise CommandError(str(error))
        if not source.has("core_members") or not source.has("forums_posts"):
            raise CommandError(f"No IPS tables with the prefix {options['prefix']!r} in that database "
                               "(check --prefix: sql_tbl_prefix in conf_global.php).")
        board, _created = SourceBoard.objects.get_or_create(key=key, defaults={"base_url": base_url})
        if board.base_url != base_url:
            board.base_url = base_url
            board.save(update_fields=["base_url"])
        importer = Importer(
            source, board, uploads=options["uploads"], uploads_url=options["uploads_url"],
            dry_run=options["dry_run"], batch_size=options["batch_size"], stdout=self.stdout,
            admin_groups=_ids(options["admin_groups"]), guest_group=options["guest_group"],
            member_group=options["member_group"])
        try:
            report = importer.run()
        finally:
            source.close()
        if options["dry_run"] and _created:
            SourceBoard.objects.filter(pk=board.pk).delete()
        self.stdout.write(("Would import:" if options["dry_run"] else "Imported:"))
        for name, count in sorted(report["imported"].items()):
            self.stdout.write(f"  {name}: {count}")
        if report["problems"]:
            self.stdout.write("Problems found (kept as safe text, links to the old board, or left out):")
            for name, count in sorted(report["problems"].items()):
                self.stdout.write(f"  {name}: {count}")
        else:
            self.stdout.write("No problems found.")
