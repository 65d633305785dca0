from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from committee.demo import demo_activity_create, demo_towns
from committee.models import Committee


class Command(BaseCommand):
    help = (
        "Adds demo activity to the demo committee (DEBUG only): each app's demo.demo_create, and demo_town_create "
        "for the demo towns beside it. Idempotent."
    )

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
        modules = [
            import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if config.name != "committee" and module_has_submodule(config.module, "demo")
        ]
        for module in modules:
            if create := getattr(module, "demo_create", None):
                done.extend(create(found) or [])
        # The demo towns beside it get a little of the year (`demo_town_create`), for the district's oversight page.
        for number, town in enumerate(demo_towns(found), start=1):
            for module in modules:
                if create := getattr(module, "demo_town_create", None):
                    done.extend(create(town, number) or [])
        self.stdout.write(f"Demo data: {', '.join(done) if done else 'already there'}")
