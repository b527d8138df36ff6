"""Tests of the coach: rules, evaluation, pitfalls."""
