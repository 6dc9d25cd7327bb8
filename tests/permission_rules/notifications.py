from tests.permission_rules.base import SIGNED_IN, Rule

RULES = {
    "notifications:inbox": Rule(allowed=SIGNED_IN),
    "notifications:mark_read": Rule(allowed=SIGNED_IN, method="post"),
}
