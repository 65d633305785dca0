from django.conf import settings
from django.core.management.base import BaseCommand

from committee.services import rules_load


class Command(BaseCommand):
    help = "Loads (or updates) the committee, its rules, member units and duties from a data folder. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=settings.COMMITTEE_RULES_DATA, help="folder with committee.toml")

    def handle(self, *args, data, **options):
        committee, report = rules_load(data_dir=data)
        self.stdout.write(f"{committee.name} ({committee.code})")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("changed" if report.changed else "nothing to change"))
