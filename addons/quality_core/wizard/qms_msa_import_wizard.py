# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import numbers
import zipfile

import openpyxl

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

COLUMNS = ("part", "operator", "trial", "value")


class QmsMsaImportWizard(models.TransientModel):
    """Fill a draft gauge R&R study from a spreadsheet with the columns part, operator, trial
    and value (headers on the first row, in any order). Operators are numbers, or names
    numbered in the order they first appear."""

    _name = "qms.msa.import.wizard"
    _description = "Import Gauge R&R Measurements"

    study_id = fields.Many2one("qms.msa.study", required=True, ondelete="cascade")
    file = fields.Binary("Spreadsheet (.xlsx)", required=True)
    filename = fields.Char()

    def _qms_rows(self):
        """The (row number, part, operator, trial, value) of the sheet; refuse bad cells."""
        self.ensure_one()
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(base64.b64decode(self.file)), read_only=True, data_only=True
            )
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise UserError(
                self.env._(
                    "%(file)s is not an .xlsx spreadsheet: %(error)s",
                    file=self.filename or self.env._("The file"),
                    error=error,
                )
            ) from error
        rows = workbook.active.iter_rows(values_only=True)
        header = [str(cell or "").strip().lower() for cell in next(rows, ())]
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise UserError(
                self.env._(
                    "The first row must name the columns %(columns)s; %(missing)s not found.",
                    columns=", ".join(COLUMNS),
                    missing=", ".join(missing),
                )
            )
        index = {column: header.index(column) for column in COLUMNS}
        operators = {}
        result = []
        for number, row in enumerate(rows, start=2):
            cells = {column: row[i] if i < len(row) else None for column, i in index.items()}
            if all(value in (None, "") for value in cells.values()):
                continue
            operator = cells["operator"]
            if not self._qms_is_integer(operator) and operator not in (None, ""):
                operator = operators.setdefault(str(operator).strip(), len(operators) + 1)
            numbers_ = [cells["part"], operator, cells["trial"]]
            if not all(self._qms_is_integer(value) and value >= 1 for value in numbers_):
                raise UserError(
                    self.env._(
                        "Row %(row)s: part, operator and trial must be whole numbers from 1 "
                        "(an operator may be a name), not %(part)r, %(operator)r, %(trial)r.",
                        row=number,
                        part=cells["part"],
                        operator=cells["operator"],
                        trial=cells["trial"],
                    )
                )
            value = cells["value"]
            if value in (None, ""):
                value = None
            elif isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise UserError(
                    self.env._(
                        "Row %(row)s: the value %(value)r is not a number.", row=number, value=value
                    )
                )
            result.append((number, *(int(n) for n in numbers_), value))
        return result

    @staticmethod
    def _qms_is_integer(value):
        return (
            isinstance(value, numbers.Real)
            and not isinstance(value, bool)
            and float(value).is_integer()
        )

    def action_import(self):
        """Write the values of the sheet into the study's cells, creating the missing ones and
        raising the numbers of parts, operators and trials to what the sheet holds."""
        self.env["qms.protected.mixin"]._qms_check_single(self, self.env._("An import"))
        study = self.study_id
        study._qms_check_draft(self.env._("importing measurements"))
        rows = self._qms_rows()
        if not rows:
            raise UserError(self.env._("The spreadsheet holds no measurement."))
        seen = {}
        for number, part, operator, trial, _value in rows:
            first = seen.setdefault((part, operator, trial), number)
            if first != number:
                raise UserError(
                    self.env._(
                        "Rows %(first)s and %(row)s both give %(cell)s.",
                        first=first,
                        row=number,
                        cell=self.env["qms.msa.measurement"]._qms_cell_label(part, operator, trial),
                    )
                )
        cells = {m._qms_cell(): m for m in study.measurement_ids}
        commands = []
        for _number, part, operator, trial, value in rows:
            vals = {"value": value if value is not None else False}
            if (part, operator, trial) in cells:
                commands.append(Command.update(cells[(part, operator, trial)].id, vals))
            else:
                commands.append(
                    Command.create({"part": part, "operator": operator, "trial": trial, **vals})
                )
        study.write(
            {
                "part_count": max(study.part_count, *(row[1] for row in rows)),
                "operator_count": max(study.operator_count, *(row[2] for row in rows)),
                "trial_count": max(study.trial_count, *(row[3] for row in rows)),
                "measurement_ids": commands,
            }
        )
        return {"type": "ir.actions.act_window_close"}
