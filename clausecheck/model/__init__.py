"""The learned part: the clause classifier stored as plain JSON (``classifier``), its training
(``train``) and evaluation against labelled contracts (``evaluate``)."""
