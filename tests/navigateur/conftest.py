"""Browser tests: Playwright's sync API driving Debian's Chromium against Django's live server.

The fixtures come from the shared toolkit, tests/navigateur_outils.py (skipped, saying why,
when /usr/bin/chromium is absent: `make browser` installs it).
"""

from tests.navigateur_outils import navigateur, page  # noqa: F401  (fixtures of this folder)
