"""Training courses (培训报名, issue 12): providers' courses and sessions, applications, seats, completion records."""
