"""manage.py import_recommendations PATH [--format F] [--state NAME] [--session N] [--dry-run]
                                     [--map "NAME IN FILE=STATE"]...

The last line printed is one JSON object with the counts; the exit status is non-zero when
the file was refused (and then nothing was written).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.imports.parsers.detect import PARSERS
from recommendations.imports.services import import_recommendations, summary_line


class Command(BaseCommand):
    help = "Import recommendations from an OHCHR matrix (.docx), a UPR Info CSV or a UHRI export."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=sorted(PARSERS), help="detected when omitted")
        parser.add_argument("--state", help="State under review, when the file does not say it")
        parser.add_argument(
            "--session", type=int, help="UPR session, when the file does not say it"
        )
        parser.add_argument("--dry-run", action="store_true", help="report without writing")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="NAME=STATE",
            help='read a name in the file as a State, e.g. "Sierra Le one=Sierra Leone"; '
            "stored as an alias of the State when the import is written (repeatable)",
        )

    def handle(self, *args, path, format=None, state=None, session=None, dry_run=False, **options):  # noqa: A002
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        mappings = {}
        for value in options.get("map") or []:
            name, sep, target = value.partition("=")
            if not sep or not name.strip() or not target.strip():
                raise CommandError(f"--map {value!r}: write it as NAME=STATE")
            mappings[name.strip()] = target.strip()
        summary = import_recommendations(
            file,
            format=format,
            state=state,
            session=session,
            dry_run=dry_run,
            mappings=mappings,
        )
        for problem in summary.errors:
            self.stderr.write(problem)
        for warning in summary.warnings:
            self.stderr.write(f"warning: {warning}")
        if summary.ok:
            verb = "would import" if dry_run else "imported"
            note = " (nothing new)" if not summary.created and not summary.updated else ""
            self.stderr.write(
                f"{summary.file}: {verb} {summary.rows} rows as {summary.format}{note}"
            )
        else:
            self.stderr.write(
                f"{summary.file}: refused, nothing written ({summary.errors_total} problems)"
            )
        self.stdout.write(summary_line(summary))
        if not summary.ok:
            raise SystemExit(1)
