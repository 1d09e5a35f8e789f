"""The benchmark suite and its parts; see bench/README.md."""
