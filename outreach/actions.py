"""The names of the outreach rules (outreach/authority_rules.py), importable by the models that declare steps."""

# Art 5: the office's own work (简报、通报、典型经验) is seen by the leadership, the office and viewers above.
VIEW_OFFICE_WORK = "outreach.view_office_work"
# Arts 7, 10: a commendation is proposed by the office, or by the unit that puts it forward.
PROPOSE_COMMENDATION = "outreach.propose_commendation"
