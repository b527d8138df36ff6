"""What the app draws and compares from a case: the polarisation map, the role balance, the
fuel timeline, snapshots, the animation of the dynamic, and practice against a model.

Uses the framework, the coach, the case and the shared core.
"""
