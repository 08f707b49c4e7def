"""Rows and their rendering: views (what a command shows) and renderers (table, csv, json, ...)."""
