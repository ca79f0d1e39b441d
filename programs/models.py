"""Training programs, cohorts, grants, businesses and follow-ups (issues #3 and #4).

`programs` depends on `beneficiaries`, never the reverse (see DESIGN.md).
"""
