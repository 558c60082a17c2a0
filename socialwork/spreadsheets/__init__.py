"""Spreadsheet import and export: the one home for both.

Import (validate into a staging table first, then commit the valid rows):

1. Write an importer for your kind of data (see `importers.py` for a full
   example) and register it with `@register`; import the module from your
   app's `AppConfig.ready()` so the registry knows it.
2. Link users to `/imports/<kind>/upload/` ({% url 'spreadsheets:upload' kind %}),
   or embed the form on your own page:
   {% include "spreadsheets/_upload_form.html" with form=form kind="<kind>" importer=importer %}
   with `form = ImportUploadForm()` from `spreadsheets.forms`.
3. The upload creates an `ImportJob` (services.import_job_create) and queues
   the Celery task `import_validate`: the file (.xlsx via openpyxl read-only,
   or .csv in UTF-8/BOM or Windows-1258) is read row by row into `ImportRow`
   (raw `data`, parsed `normalised`, `errors` = [{column, message}], status
   valid/invalid), `processed_rows` grows as it goes, then the importer's
   set-based `validate(job)` flags duplicates / known / unknown values with
   the helpers in `sql.py`.
4. The job page /imports/<id>/ polls progress (htmx, every 2 s), lists the
   errors per row and column, and offers "import the valid rows", which queues
   `import_commit`: `Importer.commit(job, actor)` in one transaction.

File-level problems (not .xlsx/.csv, empty, missing required columns — named —,
more than settings.IMPORT_MAX_ROWS rows, default 100000) fail the job with a
translated `error_summary`; a bad cell only marks its row.

Jobs are visible to their creator and to department staff/administrators
(`selectors.import_job_get` → 404 otherwise; leadership 403).

Export: `exports.write_xlsx(rows, columns)`, `exports.write_csv(rows, columns)`
(formula-safe), and `exports.export_response(...)`, which also logs the export
in accounts.AccessLog (`exports.log_export`). See `exports.py`.

Long exports (more than EXPORT_SYNC_MAX_ROWS rows, and every PDF) are
`ExportJob`s built on the worker, with a job page under /exports/<id>/
(progress, download, try again), a private expiring file and a logged
download: see `exporting.py`.

Import and export jobs are durable (socialwork.jobs): kept in an outbox
while the broker is down, brought back by the beat's jobs sweep when their
worker dies, failed with a message and "try again" after JOBS_MAX_ATTEMPTS.
"""
