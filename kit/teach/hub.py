"""Links that put the kit into each student's home on a JupyterHub.

See ``INSTRUCTORS.md``, "Running the kit for a class".
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

from kit.errors import KitError

__all__ = ["nbgitpuller_link"]

_APPS = {"lab": "lab/tree/", "notebook": "tree/"}


def nbgitpuller_link(hub_url: str, repo_url: str, branch: str = "main",
                     path: str = "notebooks/00_start.ipynb", app: str = "lab") -> str:
    """A link that copies (or updates) the kit into a student's home on a JupyterHub and opens ``path``.

    The hub needs the nbgitpuller server extension.  nbgitpuller clones the
    repository into a folder named after it (``five-accounts``), so the page
    opened is ``<repo name>/<path>``; ``app`` is ``"lab"`` (JupyterLab) or
    ``"notebook"`` (the Notebook interface).  Every value is URL-encoded.

    >>> nbgitpuller_link("https://hub.example.edu", "https://github.com/five-accounts/five-accounts")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Ffive-accounts%2Ffive-accounts&urlpath=lab%2Ftree%2Ffive-accounts%2Fnotebooks%2F00_start.ipynb&branch=main'
    >>> nbgitpuller_link("https://hub.example.edu/jupyter/", "https://example.org/kits/five-accounts.git",
    ...                  branch="spring 2031", path="notebooks/03_wording.ipynb", app="notebook")
    'https://hub.example.edu/jupyter/hub/user-redirect/git-pull?repo=https%3A%2F%2Fexample.org%2Fkits%2Ffive-accounts.git&urlpath=tree%2Ffive-accounts%2Fnotebooks%2F03_wording.ipynb&branch=spring%202031'
    >>> nbgitpuller_link("hub.example.edu", "https://github.com/five-accounts/five-accounts")
    Traceback (most recent call last):
    ...
    kit.errors.KitError: field 'hub_url': 'hub.example.edu' is not a web address. To fix: write it in full, starting with https://, e.g. https://hub.example.edu.
    """
    for name, value in (("hub_url", hub_url), ("repo_url", repo_url)):
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise KitError(f"{value!r} is not a web address", field=name,
                           fix="write it in full, starting with https://, e.g. "
                               + ("https://hub.example.edu" if name == "hub_url" else
                                  "https://github.com/five-accounts/five-accounts"))
    if app not in _APPS:
        raise KitError(f"app {app!r} is not one of {', '.join(_APPS)}", field="app",
                       fix="use 'lab' for JupyterLab or 'notebook' for the Notebook interface")
    if not isinstance(branch, str) or not branch.strip():
        raise KitError("the branch is empty", field="branch", fix="name a branch, e.g. main")
    repo_name = urlsplit(repo_url).path.rstrip("/").rsplit("/", 1)[-1]
    repo_name = repo_name[:-4] if repo_name.endswith(".git") else repo_name
    target = f"{_APPS[app]}{repo_name}/{path.lstrip('/')}"
    query = urlencode({"repo": repo_url, "urlpath": target, "branch": branch},
                      quote_via=quote, safe="")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"
