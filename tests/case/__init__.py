"""Tests of the case, its edits and its store."""
