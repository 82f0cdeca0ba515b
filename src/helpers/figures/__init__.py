"""Analysis: numeric figures (value, unit, qualifier, referent), matched across versions and checked."""
