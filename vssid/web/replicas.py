"""Which requests may read from a replica (vssid/core/routing.py decides per statement).

Pages whose data changes rarely and whose readers tolerate a second of lag: the public
look-ups, news, and a citizen's records and card (written by the registry's back office,
never by the reader in the same breath). Only GET/HEAD; a form post always uses the primary.
"""
from __future__ import annotations

from flask import Flask, request

READ_TOLERANT_ENDPOINTS = frozenset({
    "web.home",
    "card.my_card", "card.member_card",
    "lookups.hub", "lookups.offices", "lookups.office", "lookups.facilities", "lookups.facility",
    "lookups.employers", "lookups.employer", "lookups.collection_points", "lookups.collection_point",
    "lookups.sick_leave", "lookups.ward_options",
    "news.index", "news.article", "news.videos", "news.video",
    "records.hub", "records.participation", "records.participation_default", "records.participation_print",
    "records.benefits", "records.benefit", "records.visits", "records.visit",
})


def install(app: Flask) -> None:
    if not app.extensions.get("vssid.db.replicas"):
        return
    sessions = app.extensions["vssid.db"][1]

    @app.before_request
    def _mark_read_tolerant() -> None:
        if request.method in ("GET", "HEAD") and request.endpoint in READ_TOLERANT_ENDPOINTS:
            sessions().info["replica_ok"] = True
