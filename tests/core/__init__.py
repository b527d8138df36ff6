"""Tests of the shared core: languages, problems in input files, YAML reading."""
