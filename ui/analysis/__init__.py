"""What the app draws from a case: the map panel with its actor form, the timeline and snapshots, Part 3's maps and the one-page strategy, and practice against a model."""
