# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Writer of an o-spreadsheet dashboard (the JSON format of Odoo 18's spreadsheet_dashboard).

Pure Python: it lays out scorecards, tables of ``PIVOT`` formulas and Odoo charts, one section
under the other, and returns the same structure as the files Odoo ships in
``spreadsheet_dashboard_*/data/files``. What the sections show is decided by the caller.
"""

SPREADSHEET_VERSION = 21
ODOO_VERSION = 12
ROW_HEIGHT = 23
COLUMN_WIDTHS = (300, 130, 130, 130, 130)
CHART_ROWS = 14
TABLE_SIZE = 10
SCORECARD_ROWS = 6
SCORECARD_WIDTH = 190
SCORECARD_GAP = 10

FORMATS = {"percent": "0.0%", "integer": "#,##0", "decimal": "#,##0.00"}
TITLE_STYLE = {"bold": True, "fontSize": 16, "textColor": "#01666B"}
HEADER_STYLE = {"bold": True, "fontSize": 11, "textColor": "#434343"}


def column_name(index):
    return chr(ord("A") + index)


class DashboardWriter:
    """Collects pivots, cells and figures of a dashboard; ``data()`` gives its JSON structure.

    ``filters`` maps a key of the caller (``"period"``) to a global filter definition without
    its id; pivots and charts match them through ``field_matching`` ``{key: (chain, type)}``.
    Scorecards show cells of a second sheet, "Data", whose column titles are ``data_headers``.
    """

    def __init__(self, filters, data_headers=("KPI", "Value")):
        self.filters = {
            key: dict(definition, id="qms_filter_%s" % key) for key, definition in filters.items()
        }
        self.pivots = {}
        self.styles = {}
        self.formats = {}
        self.figures = []
        self.menus = {}
        self.grid = {"cells": {}, "styles": {}, "formats": {}}
        self.data_sheet = {"cells": {}, "styles": {}, "formats": {}}
        self.row = SCORECARD_ROWS
        self.scorecards = 0
        self.data_row = 1
        for column, header in enumerate(data_headers):
            self._set(self.data_sheet, "%s1" % column_name(column), header, style=HEADER_STYLE)

    # ------------------------------------------------------------------
    # Data sources
    # ------------------------------------------------------------------
    def _field_matching(self, field_matching):
        matching = {}
        for key, (chain, field_type) in field_matching.items():
            if key not in self.filters:
                continue
            matching[self.filters[key]["id"]] = {"chain": chain, "type": field_type}
            if field_type in ("date", "datetime"):
                matching[self.filters[key]["id"]]["offset"] = 0
        return matching

    def add_pivot(
        self, name, model, measures, rows, domain, columns=(), field_matching=None, sort=None
    ):
        """Add an Odoo pivot; returns its formula id for ``PIVOT.VALUE`` and ``PIVOT.HEADER``.

        ``measures`` are ``(field, aggregator)`` pairs (``("__count", None)`` counts records),
        ``rows`` and ``columns`` field names, ``sort`` a measure sorting the rows descending.
        """
        pivot_id = str(len(self.pivots) + 1)
        definition = {
            "type": "ODOO",
            "id": pivot_id,
            "formulaId": pivot_id,
            "name": name,
            "model": model,
            "domain": list(domain),
            "context": {},
            "measures": [
                dict({"id": field, "fieldName": field}, **({"aggregator": agg} if agg else {}))
                for field, agg in measures
            ],
            "rows": [{"fieldName": field} for field in rows],
            "columns": [{"fieldName": field} for field in columns],
            "fieldMatching": self._field_matching(field_matching or {}),
        }
        if sort:
            definition["sortedColumn"] = {"groupId": [[], []], "measure": sort, "order": "desc"}
        self.pivots[pivot_id] = definition
        return pivot_id

    # ------------------------------------------------------------------
    # Layout
    # ------------------------------------------------------------------
    def _style(self, style):
        return self._register(self.styles, style)

    def _format(self, fmt):
        return self._register(self.formats, FORMATS[fmt])

    @staticmethod
    def _register(registry, value):
        for key, known in registry.items():
            if known == value:
                return int(key)
        key = len(registry) + 1
        registry[str(key)] = value
        return key

    def _set(self, sheet, ref, content, style=None, fmt=None):
        sheet["cells"][ref] = {"content": content}
        if style:
            sheet["styles"][ref] = self._style(style)
        if fmt:
            sheet["formats"][ref] = self._format(fmt)

    def add_scorecard(self, title, formula, fmt="integer"):
        """A figure in the band on top, showing ``formula`` computed on the Data sheet."""
        self.data_row += 1
        self._set(self.data_sheet, "A%d" % self.data_row, title)
        self._set(self.data_sheet, "B%d" % self.data_row, formula, fmt=fmt)
        self.figures.append(
            {
                "id": "qms_scorecard_%d" % self.data_row,
                "x": self.scorecards * (SCORECARD_WIDTH + SCORECARD_GAP),
                "y": 11,
                "width": SCORECARD_WIDTH,
                "height": 108,
                "tag": "chart",
                "data": {
                    "type": "scorecard",
                    "title": {"text": title, "bold": True, "color": "#434343"},
                    "background": "#EFF6FF",
                    "keyValue": "Data!B%d" % self.data_row,
                    "baselineMode": "text",
                    "baselineColorUp": "#00A04A",
                    "baselineColorDown": "#DC6965",
                    "humanize": False,
                },
            }
        )
        self.scorecards += 1

    def _title(self, title):
        self.row += 1
        self._set(self.grid, "A%d" % self.row, title, style=TITLE_STYLE)

    def add_table(self, title, headers, row_formulas, formats, size=TABLE_SIZE):
        """A titled table: ``row_formulas(index)`` gives the formulas of its row ``index``
        (1-based), ``formats`` the format of each column (``None`` for text)."""
        self._title(title)
        self.row += 1
        for column, header in enumerate(headers):
            self._set(
                self.grid, "%s%d" % (column_name(column), self.row), header, style=HEADER_STYLE
            )
        for index in range(1, size + 1):
            self.row += 1
            for column, formula in enumerate(row_formulas(index)):
                self._set(
                    self.grid,
                    "%s%d" % (column_name(column), self.row),
                    formula,
                    fmt=formats[column],
                )
        self.row += 1

    def add_chart(
        self, title, chart_type, model, measure, group_by, domain, field_matching=None, menu=None
    ):
        """A titled Odoo chart (``odoo_bar``, ``odoo_line``) of ``measure`` by ``group_by``."""
        self._title(title)
        figure_id = "qms_chart_%d" % (len(self.figures) + 1)
        self.figures.append(
            {
                "id": figure_id,
                "x": 0,
                "y": self.row * ROW_HEIGHT,
                "width": sum(COLUMN_WIDTHS),
                "height": CHART_ROWS * ROW_HEIGHT - 10,
                "tag": "chart",
                "data": {
                    "type": chart_type,
                    "title": {"text": ""},
                    "background": "#FFFFFF",
                    "legendPosition": "none",
                    "metaData": {
                        "groupBy": [group_by],
                        "measure": measure,
                        "order": None,
                        "resModel": model,
                        "mode": chart_type.removeprefix("odoo_"),
                    },
                    "searchParams": {
                        "comparison": None,
                        "context": {},
                        "domain": list(domain),
                        "groupBy": [group_by],
                        "orderBy": [],
                    },
                    "verticalAxisPosition": "left",
                    "stacked": False,
                    "fieldMatching": self._field_matching(field_matching or {}),
                },
            }
        )
        if menu:
            self.menus[figure_id] = menu
        self.row += CHART_ROWS + 1

    # ------------------------------------------------------------------
    # Result
    # ------------------------------------------------------------------
    def data(self):
        grid = {
            "id": "qms_dashboard",
            "name": "Dashboard",
            "colNumber": len(COLUMN_WIDTHS),
            "rowNumber": max(self.row + 1, 30),
            "cols": {str(index): {"size": width} for index, width in enumerate(COLUMN_WIDTHS)},
            "rows": {},
            **self.grid,
            "borders": {},
            "figures": self.figures,
            "merges": [],
            "conditionalFormats": [],
            "areGridLinesVisible": False,
            "isVisible": True,
        }
        data_sheet = {
            "id": "qms_dashboard_data",
            "name": "Data",
            "colNumber": 2,
            "rowNumber": max(self.data_row + 1, 10),
            "cols": {"0": {"size": 250}, "1": {"size": 130}},
            "rows": {},
            **self.data_sheet,
            "borders": {},
            "figures": [],
            "merges": [],
            "conditionalFormats": [],
            "areGridLinesVisible": True,
            "isVisible": True,
        }
        return {
            "version": SPREADSHEET_VERSION,
            "odooVersion": ODOO_VERSION,
            "sheets": [grid, data_sheet],
            "styles": self.styles,
            "formats": self.formats,
            "borders": {},
            "settings": {},
            "uniqueFigureIds": True,
            "pivots": self.pivots,
            "pivotNextId": len(self.pivots) + 1,
            "lists": {},
            "listNextId": 1,
            "globalFilters": list(self.filters.values()),
            "chartOdooMenusReferences": self.menus,
        }
