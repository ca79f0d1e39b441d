"""Bulk import of clients from the spreadsheets offices already keep.

The pipeline, one module per step, each streaming so that memory does not grow with the
file:

    readers      CSV / XLSX file -> header labels and (row number, cells), lazily
    columns      header labels -> registry fields (Indonesian and English aliases)
    values       one cell -> a clean value, or a message saying why not
    reference    regions, PPKS types, disabilities, service units: loaded once, in dicts
    validation   one row -> a client to write, or its problems; duplicates in the file
    registry     chunks of rows -> matches in the registry (1,000 NIKs per query)
    writer       the whole pass: validate, match, and (unless previewing) write in one
                 transaction, in batches
    template     the XLSX template with drop-down lists
    services     what the views and the command call: create an import, preview, confirm
"""
