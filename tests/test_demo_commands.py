"""Demo people and data never reach production: the commands refuse to run when DEBUG is off."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize("command", ["create_demo_users", "create_demo_data"])
def test_demo_commands_are_refused_without_debug(committee, settings, command):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command(command)


def test_demo_users_are_created_for_every_role_under_debug(committee, settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_users")
    out = capsys.readouterr().out
    for login in ("director", "deputy3", "office_director", "office_staff", "liaison-fulian", "head-canlian"):
        assert login in out
