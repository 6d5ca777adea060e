"""Gold documents: stand-off files, the ann.yml annotation format, Label Studio, coverage."""

from vnextract.corpus.documents import (
    ANN_SUFFIX,
    CorpusError,
    check_offsets,
    document_to_ann,
    dump_ann,
    file_in,
    load_ann,
    load_ann_document,
    load_documents,
    nfc,
    raw_documents,
    read_text,
    resolve_text,
    save_standoff,
    text_sha256,
    to_standoff,
)

__all__ = [
    "ANN_SUFFIX", "CorpusError", "check_offsets", "document_to_ann", "dump_ann", "file_in", "load_ann",
    "load_ann_document", "load_documents", "nfc", "raw_documents", "read_text", "resolve_text",
    "save_standoff", "text_sha256", "to_standoff",
]
