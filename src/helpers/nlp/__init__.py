"""Stage 2, articles → parses: the one spaCy pipeline, the core tables (articles, paragraphs, sentences),
story-level entities, and the story-at-a-glance views built on them.
"""
