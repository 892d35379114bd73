"""Public services (Dịch vụ công): change of initial facility, card reissue, contact update."""
