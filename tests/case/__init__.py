"""Tests of kit.case."""
