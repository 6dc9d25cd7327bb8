"""Training courses (培训报名, issue 12): courses, sessions, applications, seats, completion."""
