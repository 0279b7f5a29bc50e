"""Tests of kit.detect."""
