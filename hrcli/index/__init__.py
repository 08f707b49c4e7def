"""The corpus-wide task index: build, store, query."""
