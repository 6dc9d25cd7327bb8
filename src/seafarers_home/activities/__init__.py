"""Union activities (海员活动, issue 12): publishing, sign-up, waiting lists, check-in."""
