"""Pages of Innover: public (holders, the request form), needs and introductions, projects,
diagnostics, the Technopôle, and the team's forms on holders."""
