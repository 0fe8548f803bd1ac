"""Pages of Recruter: public (portal, trainings, offers, Campus, Atom feed) and the team's."""
