"""What students see: colours that mean one thing across a page, and tables shown whole."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import kit
from kit.view import legend_html, side_by_side_html, table_html

PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _colour_of(html_out: str, label: str) -> set[str]:
    """The background colours of the highlights labelled ``label``."""
    return set(re.findall(rf'<mark title="{re.escape(label)}" style="background:(#[0-9a-f]+)"', html_out))


def test_side_by_side_gives_a_label_one_colour_in_every_column():
    """Is "paraphrase" the same colour on the left and on the right, and named in a legend?"""
    left = ("left", "a said b", [(0, 1, "quote"), (2, 6, "paraphrase")])
    right = ("right", "c d", [(0, 1, "paraphrase")])
    out = side_by_side_html([left, right])
    assert len(_colour_of(out, "paraphrase")) == 1 and len(_colour_of(out, "quote")) == 1
    assert _colour_of(out, "paraphrase") != _colour_of(out, "quote")
    legend = out.split('<div class="kit-columns"')[0]
    colour = _colour_of(out, "paraphrase").pop()
    assert f'background:{colour}">paraphrase</mark>' in legend


def test_legend_and_table_escape_everything():
    """Do labels, column names, values and captions carrying markup stay text?"""
    assert "<script" not in legend_html({PAYLOAD: "#ffffff"})
    frame = pd.DataFrame({PAYLOAD: [PAYLOAD]}, index=pd.Index([PAYLOAD], name=PAYLOAD))
    out = table_html(frame, caption=PAYLOAD)
    assert "<script" not in out and "<img" not in out and "&lt;script&gt;" in out


def test_table_shows_headlines_whole_and_dates_as_dates():
    """Are long headlines left whole, missing dates "no date", and only the columns asked for shown?"""
    arts = kit.load_articles()
    shown = kit.table(arts, ["outlet", "headline", "published"])
    out = shown._repr_html_()
    assert max(map(len, arts["headline"])) > 50          # longer than pandas' cut
    for headline in arts["headline"]:
        assert html.escape(headline) in out and headline in repr(shown)
    missing = int(arts["published"].isna().sum())
    assert missing and out.count(">no date<") == missing and "NaT" not in out + repr(shown)
    assert "December 2021<" in out
    assert ">origin<" not in out and ">text<" not in out


def test_table_names_a_missing_column():
    """Does asking for a column the table lacks say which columns there are?"""
    with pytest.raises(kit.KitError, match="outlet"):
        kit.table(kit.load_articles(), ["outlett"])
