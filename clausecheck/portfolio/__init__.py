"""Portfolio review: many stored reports at once.

``load`` turns report dicts into ``Contract`` rows; ``summary`` counts statuses and gaps;
``agenda`` builds the traction calendar; ``query`` filters; ``matrix`` and ``dashboard`` write
CSV / XLSX and HTML. All work on plain report dicts (schema: clausecheck/report/schema.json);
only ``cli`` opens the batch store.
"""
