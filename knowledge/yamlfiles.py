"""Reading our YAML files fast: libyaml when present, and a JSON copy of each parsed file cached on disk.

The entries, intents, sources and the copy catalogue are read at every start of `python -m bot ask`;
parsing them (over 10,000 lines) costs about half a second even with libyaml, loading the same data from
JSON a few milliseconds. The cache is keyed by a hash of the file's bytes, so an edited file is parsed
again; a value JSON cannot hold exactly (a date, say) means that file is simply not cached.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import yaml

log = logging.getLogger(__name__)
CACHE_DIR = Path.home() / ".cache" / "privacyloket" / "yaml"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster


def parse(text: str):
    return yaml.load(text, Loader=LOADER)


def read(path: str | Path):
    """The parsed YAML of `path` (raises OSError or yaml.YAMLError as yaml would)."""
    raw = Path(path).read_bytes()
    cached = CACHE_DIR / f"{hashlib.sha256(raw).hexdigest()[:24]}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = parse(raw.decode("utf-8"))
    _store(cached, data)
    return data


def _store(path: Path, data) -> None:
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:  # not exactly representable: parse the YAML every time instead
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as handle:
            handle.write(text)
        os.replace(handle.name, path)
    except (OSError, TypeError, ValueError) as exc:
        log.debug("YAML cache not written (%s)", exc)
