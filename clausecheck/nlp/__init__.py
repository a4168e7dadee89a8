"""Tokens, lemmas and sentences: the spaCy pipeline (``pipeline``), its lean import
(``spacy_loader``) and the anchored multi-pattern search (``anchors``).

The two start-up tricks live here and nowhere else; ``tests/nlp`` proves each fast path equal to
the plain one.
"""
