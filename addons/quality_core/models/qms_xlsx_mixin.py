# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import io
import numbers
import re
from typing import NamedTuple

import xlsxwriter

from odoo import models

SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class XlsxSheet(NamedTuple):
    """One sheet of an export: its table (``headers`` over ``rows``, any iterable of lists),
    the column ``widths`` and ``totals`` written below the table (rows of a label and its
    values)."""

    name: str
    headers: list
    rows: list
    widths: tuple = ()
    totals: tuple = ()


class QmsXlsxMixin(models.AbstractModel):
    """Spreadsheet exports of the suite (traceability, recalls, registers), downloaded from
    the form."""

    _name = "qms.xlsx.mixin"
    _description = "XLSX Export"

    def _qms_xlsx_download(self, filename, sheet_name, headers, rows, widths=()):
        """Write ``rows`` under ``headers`` into an XLSX file attached to the record.

        ``rows`` are lists of plain values (datetimes included); ``widths`` the column widths.
        Texts are written as texts, whatever they start with: a customer or lot named
        ``=HYPERLINK(...)`` stays a name, never becomes a formula, a link or a number.
        Return the action that downloads the file.
        """
        return self._qms_xlsx_download_sheets(
            filename, [XlsxSheet(sheet_name, headers, rows, widths)]
        )

    def _qms_xlsx_download_sheets(self, filename, sheets):
        """Write each ``XlsxSheet`` of ``sheets`` on its own sheet of one XLSX file attached to
        the record, as ``_qms_xlsx_download`` writes one; a sheet's ``totals`` (rows whose
        first cell is a label) follow its table after a blank row. Sheet names are made
        valid for Excel (see ``_qms_xlsx_sheet_names``). The file is written in memory and
        attached at the end: an error leaves nothing behind. Return the download action.
        """
        self.env["qms.protected.mixin"]._qms_check_single(self, self.env._("An XLSX export"))
        output = io.BytesIO()
        self._qms_xlsx_write(output, sheets)
        attachment = self.env["ir.attachment"].create(
            {
                "name": "%s.xlsx" % filename[:120].replace("/", "-"),
                "datas": base64.b64encode(output.getvalue()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "self",
        }

    def _qms_xlsx_write(self, target, sheets, constant_memory=False):
        """Write each ``XlsxSheet`` of ``sheets`` on its own sheet of the workbook ``target`` (a
        file path or a binary stream). ``constant_memory`` keeps one row in memory at a time:
        for registers of a year, written to a file. Return the number of rows of each sheet's
        table."""
        workbook = xlsxwriter.Workbook(
            target,
            {
                "in_memory": not constant_memory,
                "constant_memory": constant_memory,
                "default_date_format": "yyyy-mm-dd hh:mm",
                # Belt and braces: the cells are typed below, these keep write() inert too.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        bold = workbook.add_format({"bold": True})
        names = self._qms_xlsx_sheet_names([sheet.name for sheet in sheets])
        counts = []
        for name, spec in zip(names, sheets, strict=True):
            sheet = workbook.add_worksheet(name)
            for column, width in enumerate(spec.widths):
                sheet.set_column(column, column, width)
            sheet.freeze_panes(1, 0)
            for column, header in enumerate(spec.headers):
                sheet.write_string(0, column, str(header), bold)
            last_row = 0
            for last_row, values in enumerate(spec.rows, start=1):
                for column, value in enumerate(values):
                    self._qms_xlsx_write_cell(sheet, last_row, column, value)
            counts.append(last_row)
            # One blank row between the table and its totals.
            for row, (label, *values) in enumerate(spec.totals, start=last_row + 2):
                sheet.write_string(row, 0, str(label), bold)
                for column, value in enumerate(values, start=1):
                    self._qms_xlsx_write_cell(sheet, row, column, value)
        workbook.close()
        return counts

    @staticmethod
    def _qms_xlsx_sheet_names(names):
        """Valid and distinct sheet names for ``names``, in order.

        Excel refuses a name longer than 31 characters, with one of ``[]:*?/\\``, starting or
        ending with an apostrophe, empty, or equal to another (ignoring case) or to "History".
        """
        taken = {"history"}
        result = []
        for name in names:
            base = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", str(name or "")).split()).strip("'")
            base = base[:SHEET_NAME_MAX].strip().strip("'") or "Sheet"
            candidate, number = base, 1
            while candidate.lower() in taken:
                number += 1
                suffix = " (%d)" % number
                candidate = base[: SHEET_NAME_MAX - len(suffix)].rstrip().rstrip("'") + suffix
            taken.add(candidate.lower())
            result.append(candidate)
        return result

    @staticmethod
    def _qms_xlsx_write_cell(sheet, row, column, value):
        """One cell by the type of ``value``: text stays text, never a formula or a link."""
        if value is None or value is False or value == "":
            sheet.write_blank(row, column, None)
        elif isinstance(value, datetime.date):  # datetimes too: the default date format
            sheet.write_datetime(row, column, value)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            sheet.write_number(row, column, value)
        else:
            sheet.write_string(row, column, str(value))
