"""Tables → verdict: which article is the source, and what each derived article kept, changed or added."""
