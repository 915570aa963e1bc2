# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

import xlsxwriter

from odoo import models


class QmsXlsxMixin(models.AbstractModel):
    """Spreadsheet exports of the traceability documents, downloaded from the form."""

    _name = "qms.xlsx.mixin"
    _description = "XLSX Export"

    def _qms_xlsx_download(self, filename, sheet_name, headers, rows, widths=()):
        """Write ``rows`` under ``headers`` into an XLSX file attached to the record.

        ``rows`` are lists of plain values (datetimes included); ``widths`` the column widths.
        Return the action that downloads the file.
        """
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            output, {"in_memory": True, "default_date_format": "yyyy-mm-dd hh:mm"}
        )
        sheet = workbook.add_worksheet(sheet_name)
        sheet.write_row(0, 0, headers, workbook.add_format({"bold": True}))
        for row, values in enumerate(rows, start=1):
            sheet.write_row(row, 0, values)
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
