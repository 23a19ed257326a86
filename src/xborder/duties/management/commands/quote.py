"""``python -m xborder quote request.json``: the quote API from the command line (``-`` reads stdin).

The request has the body of ``POST /api/v1/duties/quote``; the answer is its response body.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from xborder.core.errors import DomainError
from xborder.duties.api import QuoteIn, quote_draft, quote_payload
from xborder.duties.services import quote_package


class Command(BaseCommand):
    help = "Quote the duty and import tax of a package described by a JSON request file."

    def add_arguments(self, parser):
        parser.add_argument("request", help="JSON file with the quote request, or - for stdin")

    def handle(self, *args, request: str, **options):
        try:
            text = sys.stdin.read() if request == "-" else Path(request).read_text(encoding="utf-8")
            body = QuoteIn.model_validate(json.loads(text))
            annual_used = body.buyer.annual_used if body.buyer else None
            cost = quote_package(draft=quote_draft(body), annual_used=annual_used)
        except (OSError, json.JSONDecodeError, ValidationError) as exc:
            raise CommandError(f"invalid_input: {exc}") from exc
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(json.dumps(quote_payload(cost), indent=2, ensure_ascii=False))
