"""The council report (raadsrapportage) as PDF, with fpdf2: pure Python, installed from PyPI.

The report holds the same sections as the dashboard (its tables, which carry every figure of the
charts), the reference date, the date it was made and the disclosure note. The text font is DejaVu
Sans as shipped inside matplotlib (a dependency of lifelines), so Dutch typography prints without any
system font; where that file is missing the report falls back to a core PDF font.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from werkroute.monitoring import exports
from werkroute.monitoring.presentation import Section
from werkroute.monitoring.selectors import Dashboard


def _dejavu() -> Path | None:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    return path if path.exists() else None


class _Report(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        font = _dejavu()
        if font is not None:
            self.add_font("DejaVu", "", str(font))
            self.add_font("DejaVu", "B", str(font))
            self.family_name = "DejaVu"
        else:
            self.family_name = "Helvetica"

    def clean(self, value: str) -> str:
        if self.family_name == "DejaVu":
            return value
        return (
            value.replace("–", "-")
            .replace("≥", ">=")
            .replace("≤", "<=")
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, "", 8)
        self.cell(0, 6, self.clean(f"{self.footer_text} · {self.page_no()}"), align="C")


def council_report(
    dashboard: Dashboard, sections: list[Section], made_on: dt.datetime | None = None
) -> bytes:
    made_on = made_on or timezone.localtime()
    area = dashboard.area
    title = _("Statushouders en werk in %(area)s") % {"area": area.name}
    pdf = _Report(f"Werkroute · {title}")
    pdf.set_title(title)
    pdf.set_author("Werkroute")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    family = pdf.family_name
    pdf.set_font(family, "B", 18)
    pdf.multi_cell(0, 9, new_x="LMARGIN", new_y="NEXT", text=pdf.clean(title))
    pdf.set_font(family, "", 10)
    pdf.multi_cell(
        0,
        6,
        new_x="LMARGIN",
        new_y="NEXT",
        text=pdf.clean(
            _(
                "Raadsrapportage. Peildatum %(as_of)s; cijfers berekend op %(computed)s; rapport gemaakt op %(made)s."
            )
            % {
                "as_of": dashboard.snapshot.as_of.strftime("%d-%m-%Y"),
                "computed": timezone.localtime(dashboard.snapshot.created_at).strftime("%d-%m-%Y %H:%M"),
                "made": made_on.strftime("%d-%m-%Y %H:%M"),
            }
        ),
    )
    pdf.ln(2)
    pdf.multi_cell(
        0,
        5,
        new_x="LMARGIN",
        new_y="NEXT",
        text=pdf.clean(exports.DISCLOSURE_NOTE + " " + _("Onderdrukte cellen staan als –.")),
    )
    for section in sections:
        pdf.ln(4)
        pdf.set_font(family, "B", 13)
        pdf.multi_cell(0, 7, new_x="LMARGIN", new_y="NEXT", text=pdf.clean(section.title))
        pdf.set_font(family, "", 9)
        pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text=pdf.clean(section.table.caption))
        pdf.ln(1)
        pdf.set_font(family, "", 8)
        with pdf.table(
            headings_style=FontFace(emphasis="BOLD"),
            line_height=5,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            table.row([pdf.clean(column) for column in section.table.columns])
            for values in section.table.rows:
                table.row([pdf.clean(value) for value in values])
        if section.note:
            pdf.set_font(family, "", 8)
            pdf.multi_cell(0, 4, new_x="LMARGIN", new_y="NEXT", text=pdf.clean(section.note))
    return bytes(pdf.output())
