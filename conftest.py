"""The whole test run keeps away from the real home and the real progress store.

The fixture in ``tests/conftest.py`` gives each unit test its own store, but
the kernels that nbval starts for ``notebooks/``, ``exercises/`` and
``solutions/`` (and the servers of the browser tests) take their environment
from this process.  So, before any test or kernel starts, ``HOME`` and
``KIT_PROGRESS`` point into a folder of this run's own, which is removed at the
end.  pytest-xdist's workers inherit it from the controller.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_MARK = "KIT_TEST_HOME"


def pytest_configure(config):
    if os.environ.get(_MARK):          # an xdist worker: the controller has set it up
        return
    real_home = Path.home()
    home = Path(tempfile.mkdtemp(prefix="five-accounts-test-home-"))
    fonts = real_home / ".cache" / "matplotlib"
    if fonts.is_dir():                 # matplotlib's font list, read only: spares each kernel a rebuild
        shutil.copytree(fonts, home / ".cache" / "matplotlib", dirs_exist_ok=True)
    os.environ.update({
        _MARK: str(home),
        "HOME": str(home),
        "KIT_PROGRESS": str(home / ".five-accounts" / "progress.sqlite3"),
        "KIT_STUDENT": "test-student",
    })
    for name in ("KIT_CASE", "JUPYTERHUB_USER", "IPYTHONDIR", "JUPYTER_RUNTIME_DIR",
                 "JUPYTER_DATA_DIR", "MPLCONFIGDIR"):
        os.environ.pop(name, None)
    config._kit_test_home = home


def pytest_unconfigure(config):
    home = getattr(config, "_kit_test_home", None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)
