"""Native Excel bar charts for the summary sheet, with Korean-capable fonts on every text element."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties, RegularTextRun

from annotator.io.report.cells import FONT_NAME


def _props(size: int, bold: bool = False) -> CharacterProperties:
    face = Font(typeface=FONT_NAME)
    return CharacterProperties(latin=face, ea=face, cs=face, sz=size * 100, b=bold)


def _text(size: int) -> RichText:
    props = _props(size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title(text: str) -> Title:
    props = _props(12, bold=True)
    para = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def bar_chart(ws, title: str, first_row: int, last_row: int, *, horizontal: bool, colour: str) -> BarChart:
    """A bar chart of the label/count pairs in columns A and B, rows first_row..last_row (header above)."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = _title(title)
    chart.legend = None
    chart.style = 10
    data = Reference(ws, min_col=2, min_row=first_row - 1, max_row=last_row)
    cats = Reference(ws, min_col=1, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    series = chart.series[0]
    series.graphicalProperties.solidFill = colour
    series.graphicalProperties.line.solidFill = colour
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False)
    chart.dataLabels.txPr = _text(9)
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False  # openpyxl 3.1 hides axes unless told otherwise
        axis.txPr = _text(9)
    chart.y_axis.majorGridlines = None
    chart.y_axis.numFmt = "0"
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first label on top, as in the table beside it
    chart.gapWidth = 60
    chart.width = 16
    chart.height = 7.5
    return chart


def series_chart(ws, title: str, first_row: int, last_row: int, columns: int, colours: list[str]) -> BarChart:
    """A clustered column chart: categories in column A, one series per column B.. (header row above)."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = _title(title)
    chart.style = 10
    data = Reference(ws, min_col=2, max_col=1 + columns, min_row=first_row - 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first_row, max_row=last_row))
    for series, colour in zip(chart.series, colours):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
        axis.txPr = _text(9)
    chart.y_axis.numFmt = "0"
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    chart.legend.txPr = _text(9)
    chart.gapWidth = 80
    return chart
