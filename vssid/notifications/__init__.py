"""Notifications (Thông báo): the in-app inbox, Web Push, SMS/email notices, the sending worker."""
