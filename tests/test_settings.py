import pytest

from factdesk.errors import ConfigError
from factdesk.settings import SETTINGS, Settings, load_settings


def test_every_setting_is_documented_and_has_a_field():
    fields = set(Settings.__dataclass_fields__)
    assert {s.name for s in SETTINGS} == fields
    for setting in SETTINGS:
        assert setting.help.strip(), setting.name
        assert getattr(Settings(), setting.name) == setting.default


def test_precedence_defaults_file_env_overrides(tmp_path):
    file = tmp_path / "factdesk.toml"
    file.write_text("[factdesk]\nmin_body_chars = 10\nmax_page_bytes = 1000\nhtml_favor = 'precision'\n")
    env = {"FACTDESK_MAX_PAGE_BYTES": "2000", "FACTDESK_HTML_FAVOR": "recall", "HOME": "/x"}
    settings = load_settings(file, env=env, overrides={"html_favor": "balanced"})
    assert settings.min_body_chars == 10        # from the file
    assert settings.max_page_bytes == 2000      # env beats the file
    assert settings.html_favor == "balanced"    # overrides beat env
    assert load_settings(tmp_path / "missing.toml") == Settings()


@pytest.mark.parametrize("kwargs, message", [
    ({"overrides": {"no_such": 1}}, "unknown setting"),
    ({"overrides": {"max_page_bytes": "lots"}}, "must be int"),
    ({"overrides": {"html_favor": "speed"}}, "html_favor"),
    ({"env": {"FACTDESK_MIN_BODY_CHARS": "x"}}, "FACTDESK_MIN_BODY_CHARS"),
    ({"overrides": {"worker_shards": "-1"}}, "worker_shards"),
], ids=["unknown", "bad-int", "bad-choice", "bad-env", "negative-worker-life"])
def test_bad_values_raise_config_errors(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(**kwargs)


def test_bad_toml_says_what_to_do(tmp_path):
    file = tmp_path / "factdesk.toml"
    file.write_text("min_body_chars = [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(file)
