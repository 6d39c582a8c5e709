"""An installed vnmon (a wheel, no repository beside it) finds its lexicon, gazetteer, topics and
sources wherever it runs: the built wheel carries them and loads them from an empty directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SHIPPED = (
    "lexicon.yaml",
    "places.yaml",
    "places-names.yaml",
    "topics.yaml",
    "spellings.yaml",
    "domestic.yaml",
)


def test_the_wheel_carries_the_default_config_and_uses_it_outside_any_checkout(tmp_path: Path) -> None:
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w"]
    command = [*pip_wheel, str(tmp_path), str(REPO)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = tmp_path.glob("vnmon-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in SHIPPED:
            assert f"vnmon/kernel/defaults/{name}" in names
            shipped = archive.read(f"vnmon/kernel/defaults/{name}")
            assert shipped == (REPO / "config" / name).read_bytes(), f"{name} differs from config/{name}"
        assert "crawler/defaults/sources.yaml" in names
        archive.extractall(site)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VNMON_")}
    env.update(PYTHONPATH=str(site), HOME=str(elsewhere))
    script = (
        "import vnmon, sys\n"
        "assert vnmon.__file__.startswith(sys.argv[1]), vnmon.__file__\n"
        "from vnmon.kernel.lexicon import load_lexicon\n"
        "from vnmon.kernel.gazetteer.loading import load_gazetteer\n"
        "from vnmon.kernel.topics.loading import load_topics\n"
        "lexicon = load_lexicon()\n"
        "print(lexicon.source)\n"
        "print(load_gazetteer().named('Хюе'))\n"
        "print(len(load_topics().topics))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    source, places, topics = ran.stdout.splitlines()
    assert source.startswith(str(site)) and source.endswith("vnmon/kernel/defaults/lexicon.yaml")
    assert "hue" in places and int(topics) >= 10

    # Imported from the zip itself (as Scrapyd runs an egg): the defaults are unpacked once, together.
    env.update(PYTHONPATH=str(wheel))
    zipped = subprocess.run(
        [sys.executable, "-c", script, str(wheel)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert zipped.returncode == 0, zipped.stderr[-2000:]
    source, places, topics = zipped.stdout.splitlines()
    assert Path(source).name == "lexicon.yaml" and (Path(source).parent / "places-names.yaml").is_file()
    assert "hue" in places and int(topics) >= 10
