"""Grievances and feedback (issue #19): deadlines in working days, the writes, the reads,
the forms, the attachments and the grievance report. The models are in
programs/models/grievances.py."""
