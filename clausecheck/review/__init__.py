"""Reviewers' decisions: a finding confirmed or changed by a person, kept beside the tool's call.

A decision is keyed by the document's sha256 and the provision id, so it survives re-scans, moves
and upgrades of the file's report. It lives in the portfolio store (``clausecheck review DB ...``)
or in a review file that travels with one contract's report (``scan --review FILE``); every report
format shows it as "confirmed" or "changed by reviewer" beside the tool's own call, and a re-scan
whose call differs from both the reviewer's and the one the reviewer saw is flagged. Decisions are
exported as labelled training data (``model/corpus.py`` format: offsets, never text).
"""
