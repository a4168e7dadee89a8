"""Writers: one small module per output format over one result model (``Report``)."""
