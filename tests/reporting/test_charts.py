"""Report charts draw every language's labels with glyphs that exist (no empty boxes)."""

import os
import warnings
from collections import Counter

import pytest
from matplotlib import font_manager

from reporting.exports import charts

CJK_INSTALLED = any(
    os.path.basename(path).startswith("NotoSansCJK-") for path in font_manager.findSystemFonts()
)


def _draw(title: str, labels: list[str]) -> bytes:
    series = [(label, Counter({"in_progress": 2, "not_started": 1})) for label in labels]
    # Matplotlib warns "Glyph … missing from font(s) …" for every character it cannot draw.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = charts.status_chart(title, series)
    assert png is not None
    assert png.startswith(b"\x89PNG")
    return png


def test_latin_cyrillic_and_arabic_labels_have_glyphs():
    _draw("État par objectif", ["Égalité des sexes", "Гендерное равенство"])
    _draw("الحالة حسب الهدف", ["المساواة بين الجنسين", "القضاء على الفقر"])


@pytest.mark.skipif(
    not CJK_INSTALLED,
    reason="Noto Sans CJK is not installed here (the Docker image and CI install fonts-noto-cjk)",
)
def test_chinese_labels_have_glyphs():
    assert charts.font_families() == (charts.BASE_FAMILY, charts.CJK_FAMILY)
    _draw("按目标分列的状况", ["性别平等", "消除贫困"])


def test_without_cjk_fonts_charts_name_only_the_base_family(monkeypatch):
    charts.font_families.cache_clear()
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    known = [entry for entry in font_manager.fontManager.ttflist if entry.name != charts.CJK_FAMILY]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", known)
    try:
        assert charts.font_families() == (charts.BASE_FAMILY,)
        png = _draw("Status", ["Gender equality"])
        assert png
    finally:
        charts.font_families.cache_clear()


def test_right_to_left_charts_grow_from_the_right_with_labels_on_the_right():
    series = [("المساواة بين الجنسين", Counter({"in_progress": 2}))]
    rtl = charts.status_figure("الحالة", series, rtl=True).axes[0]
    assert rtl.xaxis_inverted()
    assert rtl.yaxis.get_ticks_position() == "right"
    ltr = charts.status_figure("Status", series).axes[0]
    assert not ltr.xaxis_inverted()
    assert ltr.yaxis.get_ticks_position() == "left"


def test_an_arabic_report_asks_for_right_to_left_charts(monkeypatch, run_report, dataset):
    asked = []
    draw = charts.status_chart

    def spy(title, series, *, rtl=False, titled=True):
        asked.append(rtl)
        return draw(title, series, rtl=rtl, titled=titled)

    monkeypatch.setattr(charts, "status_chart", spy)
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"], language="ar")
    assert run.status == "done", run.error
    assert asked == [True, True]
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"], language="fr")
    assert asked == [True, True, False, False]


def test_the_axis_says_what_it_counts_and_a_report_chart_leaves_its_title_to_the_caption():
    series = [("Right to health", Counter({"in_progress": 2, "": 1}))]
    axes = charts.status_figure("Status by cluster", series, titled=False).axes[0]
    assert axes.get_xlabel() == "Number of recommendations"
    assert axes.get_title() == ""
    assert charts.status_figure("Status by cluster", series).axes[0].get_title()
