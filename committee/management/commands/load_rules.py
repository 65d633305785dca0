from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from committee.services import RulesDataError, rules_load_tree


class Command(BaseCommand):
    help = (
        "Loads (or updates) committees, their rules, member units and duties from data folders, each parent before "
        "its children: the folders given with --data, else the configured tree (COMMITTEE_TREE). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            action="append",
            help="folder with committee.toml; may be given several times (default: the folders of COMMITTEE_TREE)",
        )

    def handle(self, *args, data, **options):
        try:
            loaded = rules_load_tree(data_dirs=data or settings.COMMITTEE_TREE)
        except RulesDataError as error:
            raise CommandError(str(error)) from error
        changed = False
        for committee, report in loaded:
            self.stdout.write(f"{committee.name} ({committee.code})")
            for line in report.lines():
                self.stdout.write(f"  {line}")
            changed = changed or report.changed
        self.stdout.write(self.style.SUCCESS("changed" if changed else "nothing to change"))
