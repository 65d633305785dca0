"""The names of the report rules (reports/authority_rules.py), importable by the models that declare steps."""

ACCEPT_REPORT = "reports.accept"
UPDATE_TOPIC = "reports.update_topic"
