"""Secretariat screens: institutions, seats, users, stakeholders, the national mechanism,
the History tab of each record, invitations and two-factor authentication, one module per
concept; ``base`` holds what they share.

Views are thin: they check the permission (404 when the user may not see the record, 403
when they may see it but not change it), call a selector or a service, and render.
"""
