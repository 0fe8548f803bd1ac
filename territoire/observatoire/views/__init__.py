"""Pages of the observatory: public (series, actualité, Atom feed, event), the team's, the bilan."""
