"""Benchmarks: the same endpoints on hug, its peers and its floors, each answer checked first.

Run `make bench` (everything), `make bench-smoke` (correctness only, for CI) or
`make bench-http` (loopback HTTP with a real server). See benchmarks/README.md.
"""
