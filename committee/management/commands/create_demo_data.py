from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

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
        # The apps above the committee are found in the app registry, in INSTALLED_APPS order, never imported by
        # name: each installed app with a `demo` module adds its part (an app may build on a lower one's demo).
        for config in apps.get_app_configs():
            if config.name == "committee" or not module_has_submodule(config.module, "demo"):
                continue
            create = getattr(import_module(f"{config.name}.demo"), "demo_create", None)
            if create is not None:
                done.extend(create(found) or [])
        self.stdout.write(f"Demo data: {', '.join(done) if done else 'already there'}")
