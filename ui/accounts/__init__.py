"""Hosted for a cohort: cohorts and joining, sharing, comments, data rights."""
