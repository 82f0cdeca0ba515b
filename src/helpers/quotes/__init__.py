"""Analysis: direct and reported quotes (marks, speech verbs, speakers), matched across the versions."""
