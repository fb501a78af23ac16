"""knowledge/yamlfiles.py: the JSON copy of a parsed YAML file is used only while the file is unchanged."""
import datetime

import pytest
import yaml

from knowledge import yamlfiles


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfiles, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


def test_the_copy_is_written_and_then_read_instead_of_the_yaml(tmp_path, cache, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("entries:\n  - id: een\n    title: Eén\n", encoding="utf-8")
    assert yamlfiles.read(path) == {"entries": [{"id": "een", "title": "Eén"}]}
    assert len(list(cache.glob("*.json"))) == 1
    monkeypatch.setattr(yamlfiles, "parse", lambda text: pytest.fail("parsed again"))
    assert yamlfiles.read(path) == {"entries": [{"id": "een", "title": "Eén"}]}


def test_an_edited_file_is_parsed_again(tmp_path, cache):
    path = tmp_path / "a.yaml"
    path.write_text("x: 1\n", encoding="utf-8")
    assert yamlfiles.read(path) == {"x": 1}
    path.write_text("x: 2\n", encoding="utf-8")
    assert yamlfiles.read(path) == {"x": 2}


def test_what_json_cannot_hold_is_not_cached_and_errors_stay_yaml_errors(tmp_path, cache):
    path = tmp_path / "d.yaml"
    path.write_text("when: 2026-12-01\n", encoding="utf-8")
    assert yamlfiles.read(path) == {"when": datetime.date(2026, 12, 1)}
    assert not cache.exists() or not list(cache.glob("*.json"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        yamlfiles.read(bad)
