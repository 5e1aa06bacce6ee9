"""Routes by area: auth (log-in, accounts, settings), review (batches, uploads, report
pages, decisions, rounds, workbooks), corpus (published reports, agencies, comparison),
analysis (charts and their data)."""
