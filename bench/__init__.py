"""Benchmarks with their own baselines; see README.md. Not part of the installed package."""
