"""Pages of the accounts app: sign-in and its second factor, passwords, invitations,
each role's workspace, and the team's accounts page."""
