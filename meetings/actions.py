"""The names of the meeting rules (meetings/authority_rules.py), importable by the models that declare steps."""


class MeetingAction:
    PROPOSE_ITEM = "meetings.propose_item"
    REVIEW_MINUTES = "meetings.review_minutes"
    COMMENT_MINUTES = "meetings.comment_minutes"
    APPROVE_MINUTES = "meetings.approve_minutes"
    ATTEND = "meetings.attend"
    FOLLOW = "meetings.follow"
