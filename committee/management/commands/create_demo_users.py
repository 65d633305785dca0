import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from committee.demo import demo_people_create, demo_tree_people_create
from committee.models import Committee

DEFAULT_DEMO_PASSWORD = "demo-2026"  # noqa: S105 - demo logins exist only under DEBUG


class Command(BaseCommand):
    help = (
        "Creates demo people and logins for every role of the committee, of the district above it and of the demo "
        "towns beside it (DEBUG only); password from DEMO_PASSWORD. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--committee", default="miyun-town", help="code of the committee")

    def handle(self, *args, committee, **options):
        if not settings.DEBUG:
            raise CommandError("create_demo_users is refused when DEBUG is off: demo logins never reach production.")
        found = Committee.objects.filter(code=committee).first()
        if found is None:
            raise CommandError(f"No committee {committee!r}: run `python manage.py load_rules` first.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        rows = demo_people_create(found, password) + demo_tree_people_create(found, password)
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, name, role in rows:
            self.stdout.write(f"  {username:<30} {name:<6} {role}")
