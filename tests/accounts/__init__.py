"""Tests of accounts: users, the access check, shares, the owner in the store."""
