"""nnlab benchmarks: figures printed beside their reference, not timed tests."""
