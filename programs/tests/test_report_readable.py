"""A report a manager can read (issue #16, items 5-8): numbers written as Indonesians write
them and right-aligned, in the page's tables as on its cards; a regency filter shows that
regency, not 37 empty ones; every chart titled, its axes named, its numbers in a table
beside it; every headline card says what its figure means; the XLSX keeps numbers numbers,
grouped by their number format."""

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from programs.tests.test_report_page import URL, make_world

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world(db):
    return make_world(3)


def _page(client, user, query=None):
    client.force_login(user)
    response = client.get(URL, query or {})
    assert response.status_code == 200
    return response.content.decode()


def _fragments(page, tag, opening):
    """The well-formed fragments <tag …>…</tag> of the page that start with `opening`."""
    pattern = re.compile(rf"{re.escape(opening)}.*?</{tag}>", re.DOTALL)
    # The page the test client just rendered, not untrusted input.
    return [ET.fromstring(match) for match in pattern.findall(page)]  # noqa: S314


def _tables(page):
    """{caption: [[cell text, ...], ...]} of the report's tables, with each <td>'s class."""
    tables = {}
    for table in _fragments(page, "table", '<table class="table report-table">'):
        caption = "".join(table.find("caption").itertext()).strip()
        rows = []
        for tr in table.find("tbody"):
            rows.append(
                [("".join(cell.itertext()).strip(), cell.get("class") or "") for cell in tr]
            )
        tables[caption] = rows
    return tables


def _svgs(page):
    svgs = []
    for match in re.findall(r"<svg class=\"chart.*?</svg>", page, re.DOTALL):
        svg = match.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
        svgs.append(ET.fromstring(svg))  # noqa: S314 - the page just rendered
    return svgs


def _row(table, label):
    for row in table:
        if row[0][0] == label:
            return [text for text, _ in row[1:]]
    raise AssertionError(f"no row {label!r}")


# -- item 5: one number format, right-aligned ------------------------------------------


def test_table_cells_are_written_as_the_cards_write_them(client, manager, world):
    page = _page(client, manager)
    tables = _tables(page)

    headline = tables[_t("Headline figures")]
    values = [text for row in headline for text, _ in row[1:]]
    assert "Rp10.250.000" in values  # the grants' value, as the card writes it
    assert "Rp1.500.000" in values  # the median income now
    assert "100,0 %" in values  # completion rate
    assert "10250000" not in page
    # The breakdown by regency: rupiah grouped, shares with a comma.
    malang = _row(tables[_t("By regency/city")], "Kota Malang")
    assert malang == ["3", "3", "3", "Rp7.500.000", "3", "3", "100,0 %", "Rp1.500.000"]


def test_numbers_are_right_aligned(client, manager, world):
    page = _page(client, manager)

    for caption, rows in _tables(page).items():
        for row in rows:
            assert all("number" in css for _, css in row[1:]), caption
    css = Path(settings.BASE_DIR, "static/css/app.css").read_text()
    assert re.search(r"\.report-table \.number \{[^}]*text-align: right", css)


def test_a_median_card_does_not_break_its_number(client, manager, world):
    css = Path(settings.BASE_DIR, "static/css/app.css").read_text()
    assert re.search(r"\.stat__value[^{]*\{[^}]*white-space: nowrap", css)
    page = _page(client, manager)
    assert '<span class="stat__value stat__value--money">Rp1.500.000</span>' in page


# -- item 6: a regency filter shows that regency ---------------------------------------


def test_a_regency_filter_shows_only_that_regency(client, manager, world):
    from beneficiaries.models import Regency

    malang = Regency.objects.get(code="35.73")
    page = _page(client, manager, {"regency": malang.pk})

    regency_table = _tables(page)[_t("By regency/city")]
    assert [row[0][0] for row in regency_table] == ["Kota Malang"]
    # The chart shows what the table shows: one bar.
    chart = _svgs(page)[1]
    labels = [t.text for t in chart.iter(f"{SVG}text") if t.get("class") == "chart__label"]
    assert labels == ["Kota Malang"]
    assert (
        "Kabupaten Bojonegoro"
        not in page.split('id="regency-chart-heading"')[1].split("</section>")[0]
    )


def test_without_a_regency_filter_every_regency_is_a_row(client, manager, world):
    page = _page(client, manager)
    assert len(_tables(page)[_t("By regency/city")]) == 38


# -- item 7: charts with a title, axes and a table -------------------------------------


def test_every_chart_has_a_title_axes_and_its_numbers_in_a_table(client, manager, world):
    page = _page(client, manager)
    svgs = _svgs(page)
    assert len(svgs) == 3
    for svg in svgs:
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text.strip()
        assert svg.get("aria-labelledby") == title.get("id")
        texts = list(svg.iter(f"{SVG}text"))
        axis_titles = [t.text for t in texts if t.get("class") == "chart__axis-title"]
        assert len(axis_titles) == 2 and all(axis_titles), axis_titles
        assert any("(" in name for name in axis_titles)  # the unit, e.g. "(jumlah)"
        ticks = [t.text for t in texts if t.get("class") == "chart__tick"]
        assert "0" in ticks

    tables = _tables(page)
    # The status chart: each bar's number is the table's.
    status = svgs[0]
    values = [t.text for t in status.iter(f"{SVG}text") if t.get("class") == "chart__value"]
    assert values == [row[1][0] for row in tables[_t("Status at the latest visit")]]
    # The regency chart: developing/followed of each row of the table under it.
    regency = svgs[1]
    values = [t.text for t in regency.iter(f"{SVG}text") if t.get("class") == "chart__value"]
    rows = tables[_t("By regency/city")]
    assert values == [f"{row[6][0]}/{row[5][0]}" for row in rows]
    # The quarterly chart: one column per row of the table, its quarter under it.
    trend = svgs[2]
    quarters = [t.text for t in trend.iter(f"{SVG}text") if t.get("class") == "chart__tick"]
    for row in tables[_t("Visits by quarter")]:
        assert row[0][0].split()[1] in quarters  # "2026 T2" -> "T2"
    assert len(trend.findall(f"{SVG}rect")) == 2 * len(tables[_t("Visits by quarter")])
    # Each chart's section holds its table.
    for heading, caption in (
        ("status-title", "Status at the latest visit"),
        ("regency-chart-heading", "By regency/city"),
        ("trend-title", "Visits by quarter"),
    ):
        section = page.split(f'id="{heading}"')[1].split("</section>")[0]
        assert "<svg" in section and f'<caption class="visually-hidden">{_t(caption)}' in section


# -- item 8: every card explains its figure --------------------------------------------


def test_every_headline_card_explains_its_figure(client, manager, world):
    page = _page(client, manager)
    cards = re.findall(r'<li class="stat">(.*?)</li>', page, re.DOTALL)
    assert len(cards) == 6
    for card in cards:
        help_text = re.search(r'<span class="stat__help">(.+?)</span>', card)
        assert help_text and len(help_text.group(1).strip()) > 20, card
    # The payback card says what its number means, with the number in it.
    payback = cards[-1]
    value = re.search(r'<span class="stat__value">(.+?)</span>', payback).group(1)
    months = value.split()[0]
    assert re.fullmatch(r"\d+,\d", months), value
    assert months in re.search(r'<span class="stat__help">(.+?)</span>', payback).group(1)


# -- the XLSX: numbers, with the page's grouping as their format --------------------------


def test_xlsx_money_cells_are_numbers_with_a_rupiah_format(client, manager, world):
    client.force_login(manager)
    response = client.get(URL, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active

    by_label = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    value = by_label[_t("Value of grants (Rp)")][1]
    assert value.value == 10_250_000 and value.data_type == "n"
    assert value.number_format == '"Rp"#,##0'  # programs/numbers.py XLSX_FORMATS
    clients = by_label[_t("Clients registered")][1]
    assert clients.value == 4 and clients.number_format == "#,##0"
    rate = by_label[_t("Completion rate (%)")][1]
    assert rate.value == 100.0 and rate.number_format == "#,##0.0"
    # A breakdown row: the value of grants (column E) and the mean income (column I).
    malang = by_label["Kota Malang"]
    assert malang[4].value == 7_500_000 and malang[4].number_format == '"Rp"#,##0'
    assert malang[8].value == 1_500_000 and malang[8].number_format == '"Rp"#,##0'
    assert malang[1].value == 3 and malang[1].number_format == "#,##0"


def test_csv_keeps_plain_numbers(client, manager, world):
    client.force_login(manager)
    text = client.get(URL, {"format": "csv"}).content.decode("utf-8")
    assert ",10250000" in text and "Rp10.250.000" not in text


def _t(msgid):
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return str(translation.gettext(msgid))
