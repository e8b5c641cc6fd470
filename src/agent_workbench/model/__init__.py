"""The file as bytes and parts: documents, sources, the project, flavours, diagnostics, atomic writes."""
