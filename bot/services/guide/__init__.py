"""The community guide: members suggest notes for a topic, mentors decide, learners read."""
