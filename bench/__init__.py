"""Benchmarks for greencheck: ``python -m bench.run`` (see README.md here)."""
