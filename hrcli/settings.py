"""The settings of one run: validated configs, the corpus, the cache and the terminal, made once."""

from __future__ import annotations

from hrcli import cache
from hrcli.config import SHARED_CONFIGS, config_dir, fingerprint, load_matching


def config_warnings() -> list[str]:
    """The warnings of matching.yaml, topics.yaml and departments.yaml (unknown keys, repeated aliases).

    Every command that loads a notice reads these files, so every one prints their warnings, not
    only the run that happens to parse. They are cached by the files' folder and bytes and by
    hrcli's code: a warm run loads none of the three.
    """
    import hashlib

    identity = f"{config_dir().resolve()}\0{fingerprint(*SHARED_CONFIGS)}\0{cache.code_fingerprint()}"
    key = hashlib.sha256(identity.encode()).hexdigest()
    cached = cache.get("config-warnings", key)
    if isinstance(cached, list):
        return cached
    from hrcli.analyse.departments import load_departments
    from hrcli.analyse.topics import load_topics

    warnings = [*load_matching().warnings, *load_topics().warnings, *load_departments().warnings]
    cache.put("config-warnings", key, warnings)
    return warnings
