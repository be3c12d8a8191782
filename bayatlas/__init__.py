"""bayatlas."""
