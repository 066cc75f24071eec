"""MkDocs plugins and writers' tools for a bilingual English/Turkish career content hub."""

__version__ = "0.1.0"
