"""Tests of the map, timeline, animation and practice comparison."""
