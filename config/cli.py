"""Management commands that speak Russian to the end, argparse's own words included.

argparse takes its words («usage:», «options», «show this help message and exit», «the following arguments
are required: %s», «invalid choice: …», «%(prog)s: error: %(message)s») from the standard `gettext`, whose
catalogue Python does not ship in Russian, and Django adds its common options' help in English. A command
derived from `BaseCommand` here builds and runs its parser with argparse's `_`/`ngettext` looked up in the
portal's catalogue (Django's gettext; the messages are in locale/ru/LC_MESSAGES/django.po under argparse's
exact English text), and gives Django's option help the same way. The swap lasts only while the parser is
built, parses, formats its help or reports an error: argparse elsewhere in the process is not touched.
"""

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand as DjangoBaseCommand
from django.core.management.base import CommandError, CommandParser, SystemCheckError
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_noop as N_

# argparse's and Django's words, marked for the catalogue (the msgids are theirs, letter for letter).
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("Error: %s"),
)
DJANGO_OPTION_HELP = (
    N_("Show program's version number and exit."),
    N_("Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output"),
    N_(
        'The Python path to a settings module, e.g. "myproject.settings.main". If this isn\'t provided, the '
        "DJANGO_SETTINGS_MODULE environment variable will be used."
    ),
    N_('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    N_("Display a full stack trace on CommandError exceptions."),
    N_("Don't colorize the command output."),
    N_("Force colorization of the command output."),
    N_("Skip system checks."),
)


# The placeholders of Django's options in the usage line («--settings МОДУЛЬ»).
DJANGO_METAVARS = {"settings": N_("MODULE"), "pythonpath": N_("DIRECTORY")}


@contextmanager
def russian_argparse() -> Iterator[None]:
    """argparse's words from the portal's catalogue, in the portal's language, for the duration."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        with translation.override(settings.LANGUAGE_CODE):
            yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class RussianCommandParser(CommandParser):
    """Django's CommandParser whose parsing, help and errors are in Russian."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with russian_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with russian_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with russian_argparse():
            return super().format_help()

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        with russian_argparse():
            return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        with russian_argparse():
            if not self.called_from_command_line:
                raise CommandError(gettext("Error: %s") % message)
            super().error(message)
        raise AssertionError("argparse's error() exits")  # pragma: no cover


class BaseCommand(DjangoBaseCommand):
    """A management command whose every line — help, usage and argument errors included — is Russian."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        with russian_argparse():
            parser = super().create_parser(prog_name, subcommand, **kwargs)
            for action in parser._actions:
                if isinstance(action.help, str) and action.help:
                    action.help = gettext(action.help)
                if action.dest in DJANGO_METAVARS and action.metavar is None:
                    action.metavar = gettext(DJANGO_METAVARS[action.dest])
        parser.__class__ = RussianCommandParser  # the same parser, its parsing and help now in Russian
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        """From the command line a CommandError is printed as «Ошибка: …» (Django prints its class name)."""
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            if isinstance(exc, SystemCheckError):
                raise
            with translation.override(settings.LANGUAGE_CODE):
                self.stderr.write(gettext("Error: %s") % exc)
            sys.exit(exc.returncode)
