"""Generic helpers with one implementation each (CSV, Markdown, charts, small cells, time zones).

Nothing in here imports a project app: `lib` sits below every app, beside `core`.
"""
