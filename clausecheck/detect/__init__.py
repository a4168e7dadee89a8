"""Candidates: cue hits per sentence, their clause, the definitions and cross-references that
carry the human-rights link (``context``), and the modality of each sentence (``modality``)."""
