"""Batch extraction: many inputs, many processes, resumable output, optional Dask.

- :mod:`vnextract.batch.inputs`: files, folders, JSON/JSONL(.gz), HTML and stdin as items
- :mod:`vnextract.batch.encodings`: encoding detection, TCVN3/VNI/cp1258 to Unicode
- :mod:`vnextract.batch.runner`: :func:`~vnextract.batch.runner.run`, parallel and ordered
- :mod:`vnextract.batch.sinks`: resumable JSONL writer, parquet/csv tables
- :mod:`vnextract.batch.dask_runner`: :func:`~vnextract.batch.dask_runner.run_dask` on a cluster
- :mod:`vnextract.batch.limits`: document size and time limits
"""
