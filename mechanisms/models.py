"""Models of the mechanisms app."""
