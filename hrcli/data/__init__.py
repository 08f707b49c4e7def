"""Packaged defaults: hrcli.data.configs (built from configs/) and hrcli.data.corpus (from corpus/)."""
