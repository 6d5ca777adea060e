"""Batch extraction: many inputs, many processes, resumable output, optional Dask.

- :mod:`vnextract.batch.inputs`: files, folders, JSON/JSONL(.gz), HTML and stdin as items
- :mod:`vnextract.batch.formats`: the registry of input formats (a new suffix is one entry)
- :mod:`vnextract.batch.items`: one input document, and the bounded readers of files
- :mod:`vnextract.batch.html`: main text and metadata of HTML pages (trafilatura 2)
- :mod:`vnextract.batch.encodings`: encoding detection; :mod:`vnextract.batch.legacy`: TCVN3/VNI
- :mod:`vnextract.batch.runner`: :func:`~vnextract.batch.runner.run`, parallel and ordered
  (:mod:`~vnextract.batch.pool`: worker processes; :mod:`~vnextract.batch.work`: one document)
- :mod:`vnextract.batch.sinks`: resumable JSONL writer, parquet/csv tables (:mod:`~vnextract.batch.tables`)
- :mod:`vnextract.batch.dask_runner`: :func:`~vnextract.batch.dask_runner.run_dask` on a cluster
- :mod:`vnextract.batch.limits`: document size and time limits
"""
