"""The ingest command's Ray options reach the batch run."""

import json
from pathlib import Path

from click.testing import CliRunner

from factdesk.cli import main


def test_ray_address_is_an_ingest_option_recorded_with_the_run(tmp_path, monkeypatch,
                                                               examples_dir):
    monkeypatch.chdir(tmp_path)
    page = str(examples_dir / "harbour-ferry-contract.txt")
    result = CliRunner().invoke(main, ["ingest", page, "--db", "n.db", "--workers", "1",
                                       "--ray-address", "head.example.org:6379",
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    folder = Path(json.loads(result.stdout)["folder"])
    resolved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert resolved["ray_address"] == "head.example.org:6379"


def test_ingest_help_shows_how_to_run_on_a_cluster():
    result = CliRunner().invoke(main, ["ingest", "--help"])
    assert "--ray-address" in result.output
    assert "--executor ray --ray-address" in result.output
