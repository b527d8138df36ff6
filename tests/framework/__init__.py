"""Tests of the framework files, worksheets, exercises and case studies."""
