"""Gold documents: stand-off files and their texts, the ann.yml annotation format, Label Studio,
coverage of an annotation."""

from vnextract.corpus.ann_writer import document_to_ann, dump_ann
from vnextract.corpus.annfile import ANN_SUFFIX, AnnError, load_ann, load_ann_document
from vnextract.corpus.documents import (
    check_offsets,
    file_in,
    files_in,
    load_documents,
    raw_documents,
    save_standoff,
    to_standoff,
)
from vnextract.corpus.texts import CorpusError, nfc, read_text, resolve_text, text_sha256

__all__ = [
    "ANN_SUFFIX", "AnnError", "CorpusError", "check_offsets", "document_to_ann", "dump_ann", "file_in", "files_in",
    "load_ann", "load_ann_document", "load_documents", "nfc", "raw_documents", "read_text", "resolve_text",
    "save_standoff", "text_sha256", "to_standoff",
]
