"""Binder: the image repo2docker would build from this repository.

``jupyter-repo2docker --no-build --debug`` prints the Dockerfile without a
Docker engine.  The checks: the conda environment comes from environment.yml,
postBuild runs and installs the kit, nothing is fetched that the build cannot
reach (only repo2docker's own conda and PyPI downloads), our pins fit inside
repo2docker's base environment, and the README's badge opens the first
notebook in JupyterLab.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".git", ".venv", "test-artifacts", "__pycache__", "*.egg-info",
                                ".ipynb_checkpoints", "build", "dist", ".pytest_cache")
#: Hosts a Binder build may download from: conda-forge and PyPI, which repo2docker uses.
ALLOWED_HOSTS = {"conda.anaconda.org", "anaconda.org", "repo.anaconda.com", "pypi.org",
                 "files.pythonhosted.org"}
URL = re.compile(r"https?://[^\s\"'()<>]+")
FETCH = re.compile(r"\b(curl|wget|git\s+clone|playwright\s+install|pip\s+download)\b")


def _repo2docker() -> Path:
    """repo2docker's package folder (found, not imported: it runs in a subprocess)."""
    spec = importlib.util.find_spec("repo2docker")
    if spec is None or not spec.origin:
        why = "jupyter-repo2docker is not installed (it is in the 'test' extra)"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    return Path(spec.origin).parent


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """``(log, dockerfile)``: what repo2docker printed for a copy of the repository
    (its log on stderr, the Dockerfile on stdout)."""
    _repo2docker()
    copy = tmp_path_factory.mktemp("binder") / "repo"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    done = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--debug",
                           str(copy)], cwd=copy.parent, capture_output=True, text=True,
                          timeout=600)
    out = done.stderr + done.stdout
    assert done.returncode == 0, f"repo2docker failed ({done.returncode}):\n{out[-3000:]}"
    match = re.search(r"^FROM ", done.stdout, re.M)
    assert match, f"repo2docker printed no Dockerfile:\n{out[-3000:]}"
    return out, done.stdout[match.start():]


def _env_specs(text: str) -> dict[str, str]:
    """``name -> version spec`` of an environment.yml's conda dependencies."""
    specs, section = {}, None
    for line in text.splitlines():
        if re.match(r"[a-z]", line):
            section = line.split(":")[0]
        m = re.fullmatch(r"\s*-\s*([A-Za-z0-9_.-]+)\s*(?:(==?|>=|<=)\s*([^\s#]+))?\s*(#.*)?", line)
        if section == "dependencies" and m:
            specs[m.group(1).lower()] = m.group(3) or ""
    return specs


def test_the_conda_environment_comes_from_environment_yml(build):
    log, dockerfile = build
    assert "Building conda environment for python=3.11" in log, log
    assert "COPY --chown=0:0 src/environment.yml ${REPO_DIR}/environment.yml" in dockerfile
    assert re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment.yml"', dockerfile)
    # no second source of packages next to environment.yml
    for other in ("requirements.txt", "apt.txt", "install.R", "Project.toml", "runtime.txt"):
        assert other not in dockerfile, f"the build also reads {other}"
        assert not (ROOT / other).exists(), f"{other} would change how Binder builds"


def test_postbuild_runs_and_installs_the_kit(build):
    _log, dockerfile = build
    copy_at = dockerfile.find("COPY --chown=0:0 src/ ${REPO_DIR}/")
    run_at = dockerfile.find("RUN ./postBuild")
    assert 0 <= copy_at < run_at, "postBuild must run after the repository is copied in"
    post = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert re.search(r"pip install\b.*\s-e \.(\s|$)", post), "postBuild does not install the kit"
    if "--no-build-isolation" in post:     # then the build backend must already be there
        assert "setuptools" in _env_specs((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_nothing_is_fetched_that_the_build_cannot_reach(build):
    _log, dockerfile = build
    post = (ROOT / "postBuild").read_text(encoding="utf-8")
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for name, text in (("postBuild", post), ("environment.yml", env), ("Dockerfile", dockerfile)):
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert not FETCH.search(code), f"{name} downloads something: {FETCH.search(code)[0]!r}"
        hosts = {urllib.parse.urlsplit(u).hostname for u in URL.findall(code)}
        assert hosts <= ALLOWED_HOSTS, f"{name} reaches {sorted(hosts - ALLOWED_HOSTS)}"
    channels = re.search(r"^channels:\s*\n((?:\s+-.*\n)+)", env, re.M)
    assert channels and [c.strip("- \t") for c in channels.group(1).splitlines()] == ["conda-forge"]
    assert not re.search(r"^\s+-\s*pip:", env, re.M), "environment.yml installs from pip too"


def test_our_pins_fit_repo2docker_base_environment():
    """repo2docker's base environment asks e.g. jupyterlab==4.*; ``env update`` then installs
    our pins over it.  A pin outside the base's range would fight its other packages."""
    base = _repo2docker() / "buildpacks" / "conda" / "environment.yml"
    base_specs = _env_specs(base.read_text(encoding="utf-8"))
    ours = _env_specs((ROOT / "environment.yml").read_text(encoding="utf-8"))
    clashes = []
    for name, spec in base_specs.items():
        if name in ("python",) or name not in ours or not spec or not ours[name]:
            continue
        pattern = re.escape(spec).replace(r"\*", ".*")
        if not re.fullmatch(pattern, ours[name]):
            clashes.append(f"{name}: ours {ours[name]}, repo2docker's base {spec}")
    assert not clashes, "pins outside repo2docker's base environment: " + "; ".join(clashes)
    assert {"jupyterlab", "notebook", "ipywidgets"} <= set(ours)


def test_readme_binder_badge_opens_the_first_notebook_in_jupyterlab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((https://mybinder\.org/v2/[^)\s]+)\)", readme)
    assert links, "the README has no Binder badge"
    for link in links:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        assert query.get("urlpath") == ["lab/tree/notebooks/00_start.ipynb"], link
    assert (ROOT / "notebooks" / "00_start.ipynb").is_file()


def _run_lab_notebook() -> str:
    """The notebook `./run lab` opens: the .ipynb path named in the script's ``lab)`` branch."""
    script = (ROOT / "run").read_text(encoding="utf-8")
    branch = re.search(r"^\s*lab\)\s*$(.*?)^\s*;;", script, re.M | re.S)
    assert branch, "./run has no lab) branch"
    paths = set(re.findall(r"[\w./-]+\.ipynb", branch.group(1)))
    assert len(paths) == 1, f"./run lab names {sorted(paths) or 'no notebook'}"
    return paths.pop().lstrip("./").removeprefix("lab/tree/")


def test_binder_run_lab_and_nbgitpuller_open_the_same_notebook():
    """Do the Binder badge, `./run lab` and nbgitpuller_link's default open one notebook path?"""
    import inspect

    from kit.teach.hub import nbgitpuller_link

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badges = {urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["urlpath"][0].removeprefix("lab/tree/")
              for link in re.findall(r"\]\((https://mybinder\.org/v2/[^)\s]+)\)", readme)}
    default = inspect.signature(nbgitpuller_link).parameters["path"].default
    link = nbgitpuller_link("https://hub.example.edu", "https://github.com/five-accounts/five-accounts")
    pulled = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["urlpath"][0]
    assert pulled == f"lab/tree/five-accounts/{default}"
    paths = {"Binder badge": badges, "./run lab": {_run_lab_notebook()}, "nbgitpuller_link": {default}}
    assert len(set().union(*paths.values())) == 1, paths
    assert (ROOT / default).is_file()
