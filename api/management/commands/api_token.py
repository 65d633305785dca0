from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_issue, api_tokens_revoke


class Command(BaseCommand):
    help = (
        "API keys (README: 开放接口). `issue <login> --name <system>` prints a new key once; "
        "`list [<login>]` shows the keys by prefix; `revoke <prefix>` (or `revoke --all <login>`) stops keys at once."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        issue = commands.add_parser("issue", help="issue a key to a login")
        issue.add_argument("username")
        issue.add_argument("--name", required=True, help="the calling system, e.g. 区社区矫正信息平台")
        listing = commands.add_parser("list", help="list keys (all, or one login's)")
        listing.add_argument("username", nargs="?")
        revoke = commands.add_parser("revoke", help="revoke a key by its prefix, or every key of a login")
        revoke.add_argument("prefix", nargs="?")
        revoke.add_argument("--all", dest="all_of", metavar="USERNAME", help="revoke every key of this login")

    def handle(self, *args, command, **options):
        getattr(self, f"_{command}")(**options)

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No login {username!r}.")
        return user

    def _issue(self, *, username, name, **options):
        try:
            token, key = api_token_issue(user=self._user(username), name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Key for {username} ({token.name}), shown this once; send it as `Authorization: Token <key>`:"
        )
        self.stdout.write(key)

    def _list(self, *, username=None, **options):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            tokens = tokens.filter(user=self._user(username))
        for token in tokens:
            state = "revoked" if token.revoked_at else "active"
            used = timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never"
            self.stdout.write(f"{token.prefix}  {token.user.username:<20} {state:<8} last used {used:<16} {token.name}")

    def _revoke(self, *, prefix=None, all_of=None, **options):
        if bool(prefix) == bool(all_of):
            raise CommandError("Give either a key's prefix or --all <login>.")
        tokens = ApiToken.objects.filter(user=self._user(all_of)) if all_of else ApiToken.objects.filter(prefix=prefix)
        if prefix and not tokens.exists():
            raise CommandError(f"No key with the prefix {prefix!r}.")
        count = api_tokens_revoke(tokens=tokens)
        self.stdout.write(f"Revoked {count} key(s).")
