"""Bytes and files -> text: encodings, script conversion (and document formats)."""
