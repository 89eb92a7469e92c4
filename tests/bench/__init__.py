"""Tests of the benchmarks' own data (the hand-made gold in ``bench/gold/``)."""
