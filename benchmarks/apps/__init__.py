"""One module per implementation of the benchmark API, each idiomatic for its framework."""
