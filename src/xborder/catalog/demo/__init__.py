"""Demo data: a believable platform (stores, warehouses, FX rates, one account per role, a curated catalog)
and a fast generator of large catalogs for benchmarks. ``python -m xborder demo`` runs ``load_demo``."""
