"""The stages of the pipeline, one module each, in the order data flows (see ``vnextract.pipeline``)."""
