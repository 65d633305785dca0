from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from committee.demo import demo_activity_create
from committee.models import Committee


class Command(BaseCommand):
    help = "Adds demo activity (delegations, proposals, ...) to the demo committee (DEBUG only). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--committee", default="miyun-town")

    def handle(self, *args, committee, **options):
        if not settings.DEBUG:
            raise CommandError("create_demo_data is refused when DEBUG is off: demo data never reaches production.")
        found = Committee.objects.filter(code=committee).first()
        if found is None or not found.people.filter(user__username="director").exists():
            raise CommandError("Run `load_rules` and `create_demo_users` first.")
        done = demo_activity_create(found)
        self.stdout.write(f"Demo data: {', '.join(done) if done else 'already there'}")
