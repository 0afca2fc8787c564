"""Redaction tests: the labelled evidence corpus, its scorer and the quality gate."""
