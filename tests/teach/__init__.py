"""Tests of kit.teach."""
