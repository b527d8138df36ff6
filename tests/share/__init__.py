"""Tests of exports, anonymisation, map images, the cheat sheet and CSV import."""
