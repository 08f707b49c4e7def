"""hrcli: compare China's healthcare-reform key-task notices across regions.

From Python: `from hrcli import load_notice, compare` (see hrcli/api.py and the README's "Python API").
"""

__version__ = "0.2.0"
__all__ = ["Settings", "__version__", "compare", "load_notice"]


def __getattr__(name: str):
    """The API, imported on first use: `import hrcli` (and every CLI run) stays as cheap as before."""
    if name in ("load_notice", "compare"):
        from hrcli import api

        return getattr(api, name)
    if name == "Settings":
        from hrcli.settings import Settings

        return Settings
    raise AttributeError(f"module 'hrcli' has no attribute {name!r}")
