"""makemessages that also extracts N_(…), our alias of gettext_noop.

Import row messages are stored untranslated (socialwork.spreadsheets.messages) and
marked N_ where they are written; xgettext knows only the names Django passes it.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
