"""Duties: what a package costs to import, and whether it may enter as cross-border e-commerce.

- ``regimes/``: the pure engine (frozen dataclasses in, ``LandedCost`` out; no ORM, no clock):
  ``get_regime("china_cbec").quote(package, on=date, buyer=..., positive_list=...)``.
- ``models``: dated HS rates, the versioned positive list, the buyer quota ledger.
- ``services``: ``quote_package`` (engine input from the database), ``reserve_quota`` /
  ``commit_quota`` / ``release_quota``, ``load_hs_rates`` / ``load_positive_list``.
- ``selectors``: rates and list in force on a date, a buyer's annual use.
- ``api``: ``POST /api/v1/duties/quote``; commands ``load_hs_rates``, ``load_positive_list``, ``quote``.

Rules: ``shared/REGULATION.md`` (section 0 is binding); error codes: ``errors.py``.
"""
