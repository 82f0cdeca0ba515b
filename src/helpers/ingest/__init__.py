"""Stage 1, files → articles: decode bytes, read each file format, split paragraphs, apply the manifest.

Nothing here parses language; everything here validates, so bad input fails before any NLP runs.
"""
