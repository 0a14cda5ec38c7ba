"""Cell values and sheet set-up for the Excel report (openpyxl write_only worksheets)."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

# Malgun Gothic ships with every Korean (and every current) Windows; LibreOffice substitutes a Hangul font.
FONT_NAME = "Malgun Gothic"
FONT_SIZE = 10
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
LINE_HEIGHT = 13.5  # points per line of 10 pt Malgun Gothic
MAX_ROW_POINTS = 409  # Excel's highest row: wrapped text below it is neither shown nor printed
MAX_CELL_LINES = int((MAX_ROW_POINTS - 3) // LINE_HEIGHT)  # the lines a cell shows whole (row heights add 3 pt)
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True, color="1F4E78")
SECTION_FONT = Font(name=FONT_NAME, size=12, bold=True, color="1F4E78")
NOTE_FONT = Font(name=FONT_NAME, size=9, italic=True, color="595959")
BOLD_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER = Alignment(horizontal="center", vertical="top")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="B7B7B7")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_PLAIN_RUN = InlineFont(rFont=FONT_NAME, sz=FONT_SIZE)
_BOLD_RUN = InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, b=True, color="C00000")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(value: str, limit: int = MAX_CELL_CHARS) -> str:
    """Text an xlsx cell can hold: no XML-illegal control characters, at most Excel's cell limit."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(" ", value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    wrap: bool = False
    center: bool = False
    link: bool = False  # a web address: the cell links to it
    date: bool = False  # "2024-03-05" or "2024-03-05 10:00": written as an Excel date, to sort and filter by


_DATE_FORMATS = (("%Y-%m-%d %H:%M", "yyyy-mm-dd hh:mm"), ("%Y-%m-%d", "yyyy-mm-dd"))


def as_date(value):
    """(datetime, its number format) of a stored day or day and minute; None for anything else (kept as text)."""
    if not isinstance(value, str) or len(value) not in (10, 16):
        return None
    return _parsed_date(value)


@lru_cache(maxsize=4096)  # the mentions of a document share its day: strptime once
def _parsed_date(value: str):
    for pattern, number_format in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern), number_format
        except ValueError:
            continue
    return None


LINK_FONT = Font(name=FONT_NAME, size=FONT_SIZE, color="0563C1", underline="single")  # Excel's hyperlink style
MAX_LINK_CHARS = 2079  # Excel opens no longer link address
_LINK_SAFE = ":/?#[]@!$&'()*+,;=%~"  # kept as they are in an address; anything else (spaces, Hangul) %-encoded


def link_target(value) -> str | None:
    """The address a cell may link to: http(s) only (a javascript: or file: address from an imported page is
    never made clickable), percent-encoded as a URI, within Excel's length; None for anything else."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) > MAX_LINK_CHARS:
        return None
    from urllib.parse import quote

    target = quote(url, safe=_LINK_SAFE)
    return target if len(target) <= MAX_LINK_CHARS else None


class SheetWriter:
    """A write_only sheet with a styled header row, frozen panes, column widths, print set-up and,
    when it has rows, an Excel table (which brings its own filter buttons) or an autofilter."""

    def __init__(self, workbook, title: str, columns: list[Column], *, table_name: str | None = None,
                 footer_note: str = ""):
        self.ws = workbook.create_sheet(title)
        self.columns = columns
        self.table_name = table_name
        self.rows = 0
        ws = self.ws
        for i, col in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        set_print(ws, footer_note=footer_note)
        ws.print_title_rows = "1:1"
        self._templates = [self._template(col) for col in columns]
        header = []
        for col in columns:
            cell = WriteOnlyCell(ws, col.header)
            cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, GRID
            header.append(cell)
        ws.append(header)

    def _template(self, col: Column) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        cell.alignment = WRAP if col.wrap else (CENTER if col.center else TOP)
        return cell

    def append(self, values) -> None:
        """One data row. Strings are always text (never formulas); rich text stays rich. The row gets an
        explicit height for its wrapped text: LibreOffice does not re-measure rows when it opens a file."""
        row = []
        lines = 1
        for col, template, value in zip(self.columns, self._templates, values):
            cell = WriteOnlyCell(self.ws)
            cell._style = template._style  # shared style array: cheap per cell
            dated = as_date(value) if col.date else None
            if dated is not None:
                cell.value, cell.number_format = dated
            else:
                set_value(cell, value)
            if col.link and (target := link_target(value)):
                cell.hyperlink = target
                cell.font = LINK_FONT
            row.append(cell)
            if col.wrap and value:
                lines = max(lines, wrapped_lines(str(value), col.width))
        self.rows += 1
        index = self.rows + 1
        if lines > 1:
            self.ws.row_dimensions[index].height = min(409, lines * LINE_HEIGHT + 3)
        self.ws.append(row)
        if lines > 1:
            del self.ws.row_dimensions[index]  # written; keep memory flat

    def close(self, notes: list[str] = ()) -> None:
        """Finish the table; `notes` are printed under it (outside the table and its filter)."""
        if notes:
            self.ws.append([])
            width = sum(c.width for c in self.columns)
            for text in notes:
                for line in split_to_width(text, width):
                    cell = WriteOnlyCell(self.ws)
                    set_value(cell, line)
                    cell.font = NOTE_FONT
                    self.ws.append([cell])
        last = get_column_letter(len(self.columns))
        ref = f"A1:{last}{self.rows + 1}"
        if self.rows and self.table_name:
            table = Table(displayName=self.table_name, ref=ref)
            table.tableColumns = [TableColumn(id=i, name=c.header) for i, c in enumerate(self.columns, 1)]
            table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
            with warnings.catch_warnings():  # "add table columns manually": done just above
                warnings.simplefilter("ignore", UserWarning)
                self.ws.add_table(table)
        else:
            self.ws.auto_filter.ref = ref


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a wrapped column `width` characters wide, wrapping at spaces as Excel and
    LibreOffice do. Hangul is about two digits wide; counting UTF-8 bytes gives 1 per ASCII and 1.8 per
    Hangul character without a per-character loop."""
    usable = max(width - 1.0, 1.0)
    total = 0
    for part in text.split("\n"):
        if _units(part) <= usable:
            total += 1
            continue
        lines, current = 1, 0.0
        for word in part.split(" "):
            w = _units(word)
            needed = w if not current else current + 1 + w
            if needed <= usable:
                current = needed
                continue
            if current:
                lines += 1  # the word goes to a new line
            extra = int(w // usable) if w > usable else 0  # a word wider than the line breaks inside
            lines += extra
            current = w - extra * usable
        total += lines
    return total


def fit_list(items, width: float, *, total: int | None = None, sep: str = "; ", unit: str = "개") -> str:
    """`items` joined by `sep`, as many as fit in MAX_CELL_LINES lines of a wrapped column `width` wide, the
    rest counted ("… 외 3건"; total: how many there are when `items` lists only some): a longer text would
    be cut off in the printed row, its count with it."""
    items = list(items)
    total = len(items) if total is None else total

    def shown(count: int) -> str:
        more = total - count
        return sep.join(items[:count]) + (f"{sep if count else ''}… 외 {more}{unit}" if more > 0 else "")

    if wrapped_lines(shown(len(items)), width) <= MAX_CELL_LINES:
        return shown(len(items))
    count = 0
    while count < len(items) and wrapped_lines(shown(count + 1), width) <= MAX_CELL_LINES:
        count += 1
    return shown(count)


def _units(text: str) -> float:
    chars = len(text)
    return chars + 0.4 * (len(text.encode("utf-8", "surrogatepass")) - chars)  # Hangul: 1 + 0.4 * 2


def split_to_width(text: str, width: float) -> list[str]:
    """Lines of `text` (cut at spaces) that fit `width` characters of a sheet: a note overflows across
    the empty cells to its right, which prints whole only if it is no wider than the table."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and wrapped_lines(candidate, width) > 1:
            lines.append(current)
            candidate = word
        current = candidate
    if current:
        lines.append(current)
    return lines


def set_value(cell, value) -> None:
    if isinstance(value, str):
        text = clean(value)
        cell.value = text
        if text.startswith(_FORMULA_START):
            cell.data_type = "s"  # openpyxl would store "=..." as a formula
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value


REPORT_TITLE = "지역혁신 뉴스 분석 보고서"


def set_print(ws, *, footer_note: str = "", header_left: str = REPORT_TITLE) -> None:
    """A4 landscape, fit to the page width, the sheet name and the report title in the header, page
    numbers (and the period) in the footer, on every page."""
    # &A is the sheet name, &P / &N the page and page count; a literal & is written &&
    for part, text in ((ws.oddHeader.left, header_left.replace("&", "&&")), (ws.oddHeader.right, "&A"),
                       (ws.oddFooter.center, "&P / &N 쪽"), (ws.oddFooter.right, footer_note.replace("&", "&&"))):
        if text:
            part.text = text
            part.font = f"{FONT_NAME},Regular"
            part.size = 9
            part.color = "595959"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75  # room for the header and footer (inches) ...
    ws.page_margins.header = ws.page_margins.footer = 0.3  # ... which sit this far from the paper's edge


def highlighted(sentence: str, start: int, end: int, window: int = 300) -> CellRichText | str:
    """The sentence with sentence[start:end] in bold (rich text), cut to `window` characters around it.
    Rich text streams in write_only mode: openpyxl 3.1's cell writer serialises a CellRichText as an
    inline string (<is><r>...</r></is>), as it does every string, so no shared-string table grows."""
    sentence = clean(sentence)
    if len(sentence) > window:
        left = max(0, start - window // 2)
        right = min(len(sentence), max(end, left + window))
        prefix, suffix = ("…" if left else ""), ("…" if right < len(sentence) else "")
        sentence, start, end = prefix + sentence[left:right] + suffix, start - left + len(prefix), end - left + len(prefix)
    if not (0 <= start < end <= len(sentence)):
        return sentence
    parts = []
    if start:
        parts.append(TextBlock(_PLAIN_RUN, sentence[:start]))
    parts.append(TextBlock(_BOLD_RUN, sentence[start:end]))
    if end < len(sentence):
        parts.append(TextBlock(_PLAIN_RUN, sentence[end:]))
    return CellRichText(parts)


def use_korean_default_font(workbook) -> None:
    """Make the workbook's default (Normal) font Korean-capable, so unstyled cells render Hangul too."""
    from openpyxl.utils.indexed_list import IndexedList

    font = Font(name=FONT_NAME, size=FONT_SIZE)
    workbook._fonts = IndexedList([font])
    normal = workbook._named_styles["Normal"]
    normal.font = font
