from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from committee.demo import demo_activity_create
from committee.models import Committee


class Command(BaseCommand):
    help = "Adds demo activity to the demo committee (DEBUG only): each app's demo.demo_create. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--committee", default="miyun-town")

    def handle(self, *args, committee, **options):
        if not settings.DEBUG:
            raise CommandError("create_demo_data is refused when DEBUG is off: demo data never reaches production.")
        found = Committee.objects.filter(code=committee).first()
        if found is None or not found.people.filter(user__username="director").exists():
            raise CommandError("Run `load_rules` and `create_demo_users` first.")
        done = demo_activity_create(found)
        for app in settings.PROJECT_APPS:
            module_name = f"{app}.demo"
            if app == "committee" or find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            if hasattr(module, "demo_create"):
                done.extend(module.demo_create(found) or [])
        self.stdout.write(f"Demo data: {', '.join(done) if done else 'already there'}")
