"""The document structure: segmentation, layout, time and place expressions, built once per document."""
