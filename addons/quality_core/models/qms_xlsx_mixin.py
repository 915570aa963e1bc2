# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import io
import numbers

import xlsxwriter

from odoo import models


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
        self.env["qms.protected.mixin"]._qms_check_single(self, self.env._("An XLSX export"))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            output,
            {
                "in_memory": True,
                "default_date_format": "yyyy-mm-dd hh:mm",
                # Belt and braces: the cells are typed below, these keep write() inert too.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        sheet = workbook.add_worksheet(sheet_name)
        bold = workbook.add_format({"bold": True})
        for column, header in enumerate(headers):
            sheet.write_string(0, column, str(header), bold)
        for row, values in enumerate(rows, start=1):
            for column, value in enumerate(values):
                self._qms_xlsx_write_cell(sheet, row, column, value)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
        workbook.close()
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
