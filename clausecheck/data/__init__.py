"""The data the engine runs on: the strict YAML reader (``yamlfile``), where shipped data lives
(``resources``), the provision files (``provisions``) and the registry built from them."""
