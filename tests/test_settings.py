import pytest

from factdesk.errors import ConfigError
from factdesk.scale.batch import run_id_of
from factdesk.settings import SECRETS, SETTINGS, Settings, load_settings, setting_named


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


# -- each setting is declared once, on its field; the rest is read from there --

CHOICES = [s for s in SETTINGS if s.choices]


def test_the_table_is_read_from_the_fields_in_their_order():
    assert [s.name for s in SETTINGS] == list(Settings.__dataclass_fields__)
    assert SECRETS == tuple(s.name for s in SETTINGS if s.secret)
    for name in SECRETS:
        assert not Settings.__dataclass_fields__[name].repr, name


@pytest.mark.parametrize("row", CHOICES, ids=lambda s: s.name)
def test_the_help_names_every_choice_and_the_default_is_one(row):
    assert row.default in row.choices
    for choice in row.choices:
        assert choice in row.help, (row.name, choice)


def test_the_stages_take_their_choices_from_the_settings():
    from factdesk.clean.html import TRAFILATURA_OPTIONS
    from factdesk.scale.executors import EXECUTORS

    assert EXECUTORS == setting_named("executor").choices
    assert set(TRAFILATURA_OPTIONS) == set(setting_named("html_favor").choices)


def _bad_value(row):
    """A value of the setting's type that breaks its declared rule."""
    if row.choices:
        return "bogus"
    if row.prefixes:
        return "bogus:" + row.default
    if row.at_least is not None:
        return type(row.default)(row.at_least - 1)
    if row.above is not None:
        return type(row.default)(row.above)
    return type(row.default)(row.at_most + 1)


RULED = [s for s in SETTINGS if s.rule()]


@pytest.mark.parametrize("row", RULED, ids=lambda s: s.name)
def test_a_value_breaking_the_rule_is_refused_with_the_rule_in_words(row):
    bad = _bad_value(row)
    with pytest.raises(ConfigError) as caught:
        Settings(**{row.name: bad})
    assert str(caught.value) == f"{row.name} must be {row.rule()}, not {bad!r}"


def test_the_messages_main_gave_are_kept():
    cases = {"html_favor": ("speed", "html_favor must be balanced, precision or recall, "
                                     "not 'speed'"),
             "spacy_matmul": ("mkl", "spacy_matmul must be numpy or blis, not 'mkl'"),
             "executor": ("dask", "executor must be local or ray, not 'dask'"),
             "base_url": ("desk", "base_url must be an http(s) URL, not 'desk'"),
             "smtp_port": (0, "smtp_port must be a TCP port (1-65535)")}
    for name, (value, message) in cases.items():
        with pytest.raises(ConfigError) as caught:
            Settings(**{name: value})
        assert str(caught.value).startswith(message), name


def _cli_error(tmp_path, *args, env=None):
    from click.testing import CliRunner

    from factdesk.cli import main

    empty = tmp_path / "empty.toml"  # a named settings file must exist (see test_cli_contract)
    empty.touch()
    result = CliRunner().invoke(main, ["--config", str(empty), *args],
                                env=env or {})
    assert result.exit_code == 2, result.output
    return result.stderr


@pytest.mark.parametrize("row", CHOICES, ids=lambda s: s.name)
def test_a_bad_choice_gets_one_message_from_toml_env_and_cli(row, tmp_path):
    message = f"{row.name} must be {row.rule()}, not 'bogus'"
    file = tmp_path / "factdesk.toml"
    file.write_text(f"[factdesk]\n{row.name} = 'bogus'\n")
    env = {f"FACTDESK_{row.name.upper()}": "bogus"}
    for kwargs in ({"path": file}, {"env": env}, {"overrides": {row.name: "bogus"}}):
        with pytest.raises(ConfigError) as caught:
            load_settings(**kwargs)
        assert str(caught.value) == message, kwargs
    assert message in _cli_error(tmp_path, "--set", f"{row.name}=bogus", "settings")
    assert message in _cli_error(tmp_path, "settings", env=env)


@pytest.mark.parametrize(("args", "message"), [
    (["ingest", "--executor", "bogus", "x"], "executor must be local or ray, not 'bogus'"),
    (["ingest", "--workers", "-1", "x"], "workers must be 0 or more, not -1"),
    (["ingest", "--workers", "lots", "x"], "must be int, got 'lots'"),
    (["watch", "--interval", "0", "x"], "watch_interval must be a positive number of seconds"),
], ids=["executor", "workers", "workers-type", "interval"])
def test_options_that_override_a_setting_check_it_as_the_settings_do(args, message, tmp_path):
    assert message in _cli_error(tmp_path, *args)


def test_the_executor_option_lists_the_settings_choices(tmp_path):
    from click.testing import CliRunner

    from factdesk.cli import main

    help_text = CliRunner().invoke(main, ["ingest", "--help"]).stdout
    assert "[" + "|".join(setting_named("executor").choices) + "]" in help_text


# -- run ids: what counts is declared on each setting; old runs still resume --

def _other_value(row):
    """A valid value of the setting's type other than its default."""
    if row.choices:
        return next(c for c in row.choices if c != row.default)
    if isinstance(row.default, bool):
        return not row.default
    if isinstance(row.default, (int, float)):
        return row.default + 1
    if row.prefixes:
        return row.prefixes[-1] + "elsewhere.example"
    return row.default + "x"


@pytest.mark.parametrize("row", SETTINGS, ids=lambda s: s.name)
def test_a_setting_changes_the_run_id_exactly_when_declared_to(row):
    changed = Settings(**{row.name: _other_value(row)})
    same = run_id_of(["pages/"], changed) == run_id_of(["pages/"], Settings())
    assert same is not row.run_id
    assert (row.name in Settings().run_identity()) is row.run_id


# Run ids computed on main before run_id_of read Settings.run_identity(): a
# killed run from before still resumes.  A change here orphans every
# unfinished run; adding a setting with run_id=True does that too.
# Changed on purpose (issue 17 item 1): max_feed_bytes and max_sitemap_bytes
# count in the run id (a smaller limit lists fewer pages, so stores less);
# before them the values were c60a9ddc1a1e, bf1c25ae6f02 and b5cc48b33978.
# Changed on purpose again (issue 17): analyze_languages counts (a run that
# analyses French pages stores other analyses); before it: 7fea7148accd,
# b51021d87e66 and 7fea7148accd.
# Changed on purpose again (issue 17): max_article_paragraphs counts (a lower
# limit stores fewer articles, as max_article_chars); before it: de017846fc83,
# 636c2e6071af and de017846fc83.
PINNED = {
    "defaults": ((["examples/"], {}), "069ebdec769c"),
    "identity-changed": ((["a.html", "https://www.example.org/feed.xml"],
                          {"min_body_chars": 200, "html_favor": "precision",
                           "spacy_model": "en_core_web_sm", "fetch_timeout": 3.5,
                           "respect_robots": False}), "58a9cdc74a2b"),
    "only-others-changed": ((["examples/"],
                             {"executor": "ray", "workers": 3, "ray_address": "x:1",
                              "db_path": "o.db", "base_url": "https://d.example",
                              "spacy_matmul": "blis", "blas_threads": 0, "smtp_host": "mail",
                              "smtp_password": "pw", "vapid_subject": "https://x",
                              "notify_max_attempts": 2, "notify_backoff_s": 1.0}),
                            "069ebdec769c"),
}


@pytest.mark.parametrize("case", PINNED, ids=str)
def test_run_ids_are_those_main_gave(case):
    (sources, changes), expected = PINNED[case]
    assert run_id_of(sources, Settings(**changes)) == expected


def test_the_run_id_with_a_metadata_file_is_the_one_main_gave():
    from factdesk.ingest.metadata import ArchiveMetadata

    metadata = ArchiveMetadata(path="m.tsv", rows=(), digest="0123abcd")
    # b455deb9b488 before analyze_languages, 5f235c472636 before
    # max_article_paragraphs (see PINNED)
    assert run_id_of(["examples/"], Settings(), metadata) == "c216b2380c79"
