"""`ogi serve`: the web application for supervisors, evaluators and the public.

FastAPI with server-rendered Jinja2 pages; every asset is served from this package, so
the application works on a machine with no internet. Routes are grouped by area in
`routes/` (auth, review, corpus, analysis); `permissions` says who may do what.
"""

from ogi.web.app import create_app

__all__ = ["create_app"]
