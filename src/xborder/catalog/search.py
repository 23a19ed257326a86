"""Text search over products, for the listing selectors.

PostgreSQL: every branch is answered by an index and yields product ids, which the listing joins once:
- names (English and Chinese, case-insensitive substring): a pg_trgm GIN index for 3+ characters; for two
  characters, which trigrams cannot index (a common Chinese word, 面霜), a GIN index over the name's bigrams
  (migration 0004), where containing the query's bigram is the substring test itself;
- name and description words: full-text (``simple`` configuration, language neutral), GIN expression index;
- brand names (English and Chinese) through the brand's products.
Names rank above the rest. Typos are forgiven only when nothing matched exactly, by trigram word
similarity of the English name (``fuzzy``), so the usual search never pays for it.

SQLite: substring match on names, brand and descriptions (no index), names first.
"""

from __future__ import annotations

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from xborder.catalog.models import Brand, Product

TRIGRAM_MIN_LENGTH = 3
BIGRAM_LENGTH = 2
NAME_RANK = 2
OTHER_RANK = 1

# Both must match the index expressions of migrations 0003_search and 0004_search_bigrams.
FULL_TEXT_DOCUMENT = "to_tsvector('simple'::regconfig, COALESCE(name, '') || ' ' || COALESCE(description, ''))"
BIGRAM_DOCUMENT = "xborder_bigrams(UPPER(COALESCE(name, '') || ' ' || COALESCE(name_zh, '')))"


def search(products: QuerySet[Product], q: str, *, fuzzy: bool = False) -> QuerySet[Product]:
    """``products`` matching ``q``, annotated with ``relevance`` (higher first)."""
    q = q.strip()
    if connection.vendor != "postgresql":
        return _search_fallback(products, q, fuzzy=fuzzy)
    if fuzzy:
        return _similar_names(products, q)
    return _search_postgres(products, q)


def relevance_ordering(q: str, *, fuzzy: bool = False) -> tuple:
    """How to sort by relevance: by ``relevance``, newest first among equals; a two-character PostgreSQL
    search is not ranked (see ``_name_first``), and ordering by its constant would break the SQL."""
    if connection.vendor == "postgresql" and not fuzzy and len(q.strip()) == BIGRAM_LENGTH:
        return (F("id").desc(),)
    return (F("relevance").desc(), F("id").desc())


def like_pattern(q: str) -> str:
    """``%q%`` with LIKE's wildcards in ``q`` taken literally."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _name_ids(q: str) -> tuple[str, list[str]]:
    if len(q) == BIGRAM_LENGTH:
        return f"SELECT id FROM catalog_product WHERE {BIGRAM_DOCUMENT} @> ARRAY[UPPER(%s)]", [q]
    pattern = like_pattern(q)
    sql = "SELECT id FROM catalog_product WHERE UPPER(name::text) LIKE UPPER(%s) OR UPPER(name_zh::text) LIKE UPPER(%s)"
    return sql, [pattern, pattern]


def _search_postgres(products: QuerySet[Product], q: str) -> QuerySet[Product]:
    name_sql, name_params = _name_ids(q)
    pattern = like_pattern(q)
    matching_sql = (
        f"{name_sql} "
        f"UNION SELECT id FROM catalog_product WHERE {FULL_TEXT_DOCUMENT} @@ plainto_tsquery('simple'::regconfig, %s) "
        "UNION SELECT id FROM catalog_product WHERE brand_id IN (SELECT id FROM catalog_brand "
        "WHERE UPPER(name::text) LIKE UPPER(%s) OR UPPER(name_zh::text) LIKE UPPER(%s))"
    )
    relevance = _name_first(name_sql, name_params, q)
    # ANY(ARRAY(...)) runs the union once and looks the ids up by primary key; IN (...) would let the
    # planner hash-join it against a scan of every product.
    matching = RawSQL(
        f'"catalog_product"."id" = ANY(ARRAY({matching_sql}))',
        [*name_params, q, pattern, pattern],
        output_field=BooleanField(),
    )
    return products.filter(matching).annotate(relevance=relevance)


def _name_first(name_sql: str, name_params: list[str], q: str):
    """Names rank first. A two-character query is a (Chinese) word that matches names almost only, so it
    skips the ranking, which would read every matching row a second time; ties then go newest first."""
    if len(q) == BIGRAM_LENGTH:
        return Value(NAME_RANK, output_field=IntegerField())
    return RawSQL(
        f'CASE WHEN "catalog_product"."id" IN ({name_sql}) THEN {NAME_RANK} ELSE {OTHER_RANK} END',
        name_params,
        output_field=IntegerField(),
    )


def _similar_names(products: QuerySet[Product], q: str) -> QuerySet[Product]:
    if len(q) < TRIGRAM_MIN_LENGTH:
        return _nothing(products)
    return products.filter(name__trigram_word_similar=q).annotate(relevance=TrigramWordSimilarity(q, "name"))


def _search_fallback(products: QuerySet[Product], q: str, *, fuzzy: bool) -> QuerySet[Product]:
    if fuzzy:
        return _nothing(products)
    in_name = Q(name__icontains=q) | Q(name_zh__icontains=q)
    brands = Brand.objects.filter(Q(name__icontains=q) | Q(name_zh__icontains=q)).values("id")
    matches = in_name | Q(brand_id__in=brands) | Q(description__icontains=q) | Q(description_zh__icontains=q)
    rank = Case(When(in_name, then=Value(NAME_RANK)), default=Value(OTHER_RANK), output_field=IntegerField())
    return products.filter(matches).annotate(relevance=rank)


def _nothing(products: QuerySet[Product]) -> QuerySet[Product]:
    return products.annotate(relevance=Value(OTHER_RANK, output_field=IntegerField())).none()
