"""Django's makemessages, also reading `N_(...)`.

Messages stored untranslated and shown later in the reader's language (an
import row's errors) are marked `gettext_noop as N_`; xgettext knows only
Django's names, so without this keyword makemessages marks them obsolete and
the English catalogue loses them."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
