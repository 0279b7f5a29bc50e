"""Charts of the answer key, of detector findings and of a class's progress.

Every function draws on ``ax`` when one is given and returns it; only when
``ax`` is None does it create a figure (with ``matplotlib.pyplot``).  Nothing
global is touched: no backend is chosen and no ``rcParams`` are changed.
Colours come from the Okabe-Ito palette, which readers with any common form
of colour blindness can tell apart, and every chart has a title, labelled
axes and a legend or written labels, so colour is never the only cue.
Every chart takes ``title=``, ``xlabel=`` and ``ylabel=``, which replace its
own texts.

In a notebook, a chart drawn on a new figure is shown at once as a picture
whose text alternative is its title, with a description in words
(:func:`describe`) under it.  To show it again after changing the returned
Axes, put ``ax.figure`` at the end of a cell.

Functions that chart a table of the key take ``data`` (a DataFrame, e.g. a
detector's findings) or, when ``data`` is None, load the key of ``case``:

>>> import pandas as pd
>>> from matplotlib.figure import Figure
>>> found = pd.DataFrame({"article": ["psaki-briefing", "putin-demands", "putin-demands"],
...                       "category": ["translation", "machine-translation", "scraping"]})
>>> ax = artifacts(data=found, ax=Figure().subplots())
>>> ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
('Artifacts by category in each article', 'number of artifacts', 'article')
>>> artifacts(data={"article": ["x"]})
Traceback (most recent call last):
...
kit.errors.KitError: field 'data': artifacts() takes a DataFrame, not dict. To fix: pass a DataFrame with the columns article, category, e.g. kit.annotations('artifacts').

The charts live in ``tallies`` (counts per article or value), ``events``
(claims and timeline) and ``classroom`` (progress); ``parts`` holds what they
share: colours, the finishing helper and :func:`describe`.
"""

from __future__ import annotations

from kit.plots.classroom import progress
from kit.plots.events import claims, timeline
from kit.plots.parts import COLOURS, HATCHES, OKABE_ITO, describe
from kit.plots.tallies import artifacts, counts, passages, quote_share, sources, wording

__all__ = ["OKABE_ITO", "COLOURS", "HATCHES", "describe", "sources", "quote_share", "artifacts",
           "wording", "counts", "passages", "claims", "timeline", "progress"]
