"""The fast row loader (``values_list`` queries) and the matrix writer give exactly what the
prefetch-based loader and the earlier writer gave, on the mid-term data set."""

import datetime
import io
from copy import copy

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils.datetime import from_excel

from mechanisms.models import Institution
from nrtd.spreadsheets import write_only_cell
from recommendations.models import Activity, Evidence, ProgressUpdate, Recommendation, Theme
from reporting.exports import xlsx
from reporting.selectors import loader
from tests.reporting import prefetch_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def richer(dataset, own_institution):
    """The mid-term data set, plus what it lacks: evidence on an activity and on a progress
    update, themes, a translated institution, a formula-like text and a cancelled activity."""
    recs = dataset["recs"]
    activity = recs[0].activities.first()
    update = ProgressUpdate.objects.filter(
        recommendation=recs[0], state=ProgressUpdate.State.ACCEPTED
    ).first()
    Evidence.objects.create(
        file="evidence/a.pdf", original_name="decree.pdf", content_type="x", size=1,
        activity=activity,
    )  # fmt: skip
    if update:
        Evidence.objects.create(
            file="evidence/b.pdf", original_name="minutes.pdf", content_type="x", size=1,
            progress_update=update,
        )  # fmt: skip
    theme_a = Theme.objects.create(code="B1", name="Education")
    theme_b = Theme.objects.create(code="A1", name="Justice")
    recs[2].themes.add(theme_a, theme_b)
    Institution.objects.filter(pk=own_institution.pk).update(
        name_translations={"fr": "Ministère de la santé", "ar": "وزارة الصحة"}
    )
    Recommendation.objects.filter(pk=recs[3].pk).update(text='=HYPERLINK("http://x","y")')
    cancelled = Activity.objects.create(
        title="Cancelled one",
        start_date=datetime.date(2022, 1, 1),
        lead_institution=own_institution,
        status=Activity.ActivityStatus.CANCELLED,
    )
    cancelled.recommendations.add(recs[3])
    return dataset


def scope(dataset):
    return Recommendation.objects.filter(review__in=[dataset["review"], dataset["earlier"]])


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_fast_loader_gives_the_rows_the_prefetch_loader_gave(richer, language):
    with translation.override(language):
        expected = list(prefetch_rows.iter_rows(scope(richer)))
        found = list(loader.iter_rows(scope(richer), chunk_size=5))  # several chunks
    assert len(found) == len(expected) == scope(richer).count()
    assert found == expected
    # The data set reaches every relation the rows show.
    rows = [row for _clusters, row in found]
    assert any(row.evidence for row in rows)
    assert any(a.evidence for row in rows for a in row.activities)
    assert any(row.repeated_from for row in rows)
    assert any(row.indicators for row in rows)
    assert any(len(row.themes) == 2 for row in rows)
    assert any(len(clusters) == 2 for clusters, _row in found)


def earlier_render(grouped_rows, *, total: int) -> bytes:
    """The matrix as ``xlsx.render`` wrote it before issue 18 (its cell loop only)."""
    cols = xlsx.columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Matrix")
    sheet.append([write_only_cell(sheet, str(text)) for text, _w, _v in cols])
    template = write_only_cell(sheet, "", alignment=Alignment(wrap_text=True, vertical="top"))
    for cluster, row in grouped_rows:
        cells = []
        for _header, _width, value in cols:
            cell = write_only_cell(sheet, value(row, cluster))
            cell._style = copy(template._style)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(data: bytes) -> list[list[tuple]]:
    """Each cell's value, type, number format and wrapping; an empty cell is no cell now
    (it was a styled blank one), so only its emptiness is compared."""
    sheet = load_workbook(io.BytesIO(data)).active
    return [
        [
            (c.value, c.data_type, c.number_format, c.alignment.wrap_text)
            if c.value is not None
            else None
            for c in row
        ]
        for row in sheet.iter_rows(min_row=2)
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_matrix_has_the_cells_it_had_before(richer, language):
    with translation.override(language):
        before = [
            (row.clusters[0] if row.clusters else "", row)
            for _c, row in prefetch_rows.iter_rows(scope(richer))
        ]
        after = [
            (row.clusters[0] if row.clusters else "", row)
            for _c, row in loader.iter_rows(scope(richer))
        ]
        expected = cells(earlier_render(before, total=len(before)))
        found = cells(xlsx.render(after, total=len(after), title="Matrix"))
        last = [str(header) for header, _w, _v in xlsx.columns()].index(_("Last update"))
    # One change on purpose: "Last update" was a bare serial number (45293), now a date.
    dated = 0
    for row in expected:
        if row[last]:
            value, _type, _format, wrap = row[last]
            row[last] = (from_excel(value), "d", "yyyy-mm-dd", wrap)
            dated += 1
    assert dated
    assert found == expected
    texts = [cell[0] for row in found for cell in row if cell]
    # Formula-like text stays text, never a formula.
    formula = next(row for row in found if row[1][0].startswith("=HYPERLINK"))
    assert formula[1][1] == "s"
    assert "Cancelled one" not in "".join(str(t) for t in texts)
