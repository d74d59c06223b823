"""What the audit log tells the layers above it, without importing them (audit depends on nothing of
the project).

`event_recorded` is sent by `record_event` after each append, inside the caller's transaction (the
event is on the chain but may still roll back with the change it records): sender=AuditEvent,
event=the stored AuditEvent, seconds=how long the append took. The control plane's metrics listen
(append latency; decisions and signing failures counted when the transaction commits). A receiver must
not raise: it would undo the change the event records.
"""

from __future__ import annotations

from django.dispatch import Signal

event_recorded = Signal()
