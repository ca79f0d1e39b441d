"""Developer tooling: the demo data of `make run`, the synthetic registry of the
performance runs and the bench that measures them (see docs/performance.md).

An app of its own so that its management commands (`seed_demo`, `seed_demo_programs`,
`seed_demo_visits`, `seed_bulk`, `bench`, `bench_import`) keep their names, while the
registry (`beneficiaries`) and the programs (`programs`) hold product code only: devtools
imports from them, never the other way round. It has no models.
"""
