"""Administrator pages, one module per page: users, OPDs, periods and deadlines, assignments, catalogs, audit
log.

Every change goes through a service with the current actor; the service checks the role, writes the audit
event and raises ``LenteraError`` for anything the administrator can fix, which the page shows as a message.
"""
