import subprocess
import sys


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "bayatlas.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_build_prints_a_summary(tmp_path):
    r = run("build", "--out", str(tmp_path / "o"), "--tiles", "none")
    assert r.returncode == 0, r.stderr
    assert "commitments" in r.stdout and "unresolved" in r.stdout and "wrote 18 files" in r.stdout
    assert (tmp_path / "o" / "atlas.html").exists()


def test_build_with_bad_seeds_fails_cleanly(tmp_path):
    from conftest import copy_seeds
    root = copy_seeds(tmp_path / "seeds")
    (root / "sources" / "fusha-2023-08.yaml").write_text("source: {id: x}\n", encoding="utf-8")
    r = run("build", "--seeds", str(root), "--out", str(tmp_path / "o"))
    assert r.returncode == 2
    assert "fusha-2023-08.yaml:1: source.title" in r.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_geocode_command():
    r = run("geocode", "鳳崗鎮", "Houjie", "不存在的地方")
    assert r.returncode == 1  # one name failed
    assert "凤岗镇\t114.14" in r.stdout and "厚街镇" in r.stdout and "UNRESOLVED" in r.stdout
    assert "geocoded 2 of 3" in r.stderr


def test_places_command():
    r = run("places", "--kind", "link")
    assert r.returncode == 0
    assert "shenzhong-link" in r.stdout and "place(s)" in r.stderr
