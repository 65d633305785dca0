"""The names of the document rules (documents/authority_rules.py), importable by the models that declare steps."""

REVIEW = "documents.review"
VIEW = "documents.view"
VIEW_ALL = "documents.view_all"
# Art 5: documents sent down to the committees below.
RECEIVE_UPPER = "documents.receive_upper"
VIEW_UPPER = "documents.view_upper"
