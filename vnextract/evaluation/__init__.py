"""Scoring predictions against gold (FORMAT.md section 4) and the text and HTML reports."""
