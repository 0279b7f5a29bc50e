"""Tests of kit.quiz."""
