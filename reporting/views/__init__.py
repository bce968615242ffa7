"""Reporting screens, one module per concept: report runs with live progress, drafts,
consultations and the calendar.

Views are thin: they check the permission (404 when the user may not see the record, 403
when they may see it but not change it; 403 on a list page the role has no access to),
call a selector or a service, and render.
"""
