"""What `manage.py bench` prints: a progress line per page as it is measured (on stderr),
then the table of all pages (p50, p95, queries, rows, target, met) with notes below it:
the report-to-SQL ratio, whether the SQL baseline agrees with the report, the exports'
rates (the CSV's against the COPY baseline's) and memory, and the import's throughput."""


def progress(stdout, measure):
    if stdout is not None:
        stdout.write(f"  {measure.page}: p50 {_ms(measure.p50)}\n")
        stdout.flush()


def _ms(value):
    return "-" if value is None else f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def table(result: dict) -> str:
    header = ("page", "p50 ms", "p95 ms", "queries", "rows", "target", "met")
    lines = [header]
    for page in result["pages"]:
        met = {True: "yes", False: "NO", None: ""}[page["met"]]
        lines.append(
            (
                page["page"],
                _num(page["p50_ms"]),
                _num(page["p95_ms"]),
                _num(page["queries"]),
                _num(page["rows"]),
                page["target"],
                met,
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        cells = [
            str(cell).ljust(width) if i in (0, 5) else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join([*out, "", *_notes(result["pages"])])


def _notes(pages) -> list[str]:
    notes = []
    for page in pages:
        extra = page["extra"]
        if "ratio_to_baseline" in extra:
            notes.append(f"report to GROUPING SETS baseline (p50): {extra['ratio_to_baseline']}x")
        if "differs_from_report" in extra:
            differ = extra["differs_from_report"]
            notes.append(
                f"{page['page']}: figures equal the report's: "
                + ("yes" if not differ else f"NO ({', '.join(differ)})")
            )
        if "copy_mb" in extra:
            notes.append(
                f"{page['page']}: {extra['rows_per_s']:,} rows/s ({extra['copy_mb']} MB of CSV)"
            )
        elif "xlsx_mb" in extra:
            notes.append(
                f"{page['page']}: {extra['rows_per_s']:,} rows/s ({extra['xlsx_mb']} MB); "
                f"process RSS {extra['rss_before_mb']} MB before, peak {extra['rss_peak_mb']} MB"
            )
        elif "rss_peak_mb" in extra:
            ratio = extra.get("ratio_to_copy")
            notes.append(
                f"{page['page']}: {extra['rows_per_s']:,} rows/s"
                + (f", {ratio}x the COPY baseline's" if ratio else "")
                + f" ({extra['csv_mb']} MB); process RSS {extra['rss_before_mb']} MB before, "
                f"peak {extra['rss_peak_mb']} MB; Python allocations peak "
                f"{extra['python_peak_mb']} MB (tracemalloc)"
            )
        elif "rows_per_s" in extra:
            notes.append(f"import: {extra['rows_per_s']:,} rows/s")
    return notes


def _num(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}"
