"""``python -m xborder <command>``: Django's management commands (``demo``, ``migrate``, ``runserver`` ...)."""

import os
import sys

# Commands spelled the way operators type them, mapped to Django's command module names.
COMMAND_ALIASES = {"customs-sim": "customs_sim"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xborder.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "xborder"
    if len(argv) > 1:
        argv[1] = COMMAND_ALIASES.get(argv[1], argv[1])
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
