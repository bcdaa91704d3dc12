"""Q&A threads: asking, the message archive, answers, search and stats."""
