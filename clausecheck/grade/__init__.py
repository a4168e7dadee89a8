"""From candidates to findings: the provision rules, look-alike constraints, strength notes and
the blend with the clause model's probabilities (``grader``)."""
