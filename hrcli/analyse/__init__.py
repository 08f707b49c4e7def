"""Enrichment of a Notice: targets, departments, topics."""
