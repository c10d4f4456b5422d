"""Benchmarks run by `make bench`: each prints its figures; none is part of the test suite."""
