"""What a finding means for leverage: priorities and actions (``priority``), moments of traction
(``traction``), clause-library suggestions (``library``, ``suggest``), policy profiles
(``profile``) and the comparison of two drafts (``diff``)."""
