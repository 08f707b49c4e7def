"""hrcli: compare China's healthcare-reform key-task notices across regions."""

__version__ = "0.1.0"
