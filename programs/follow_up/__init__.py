"""Following grantees up after the hand-over.

- refresh.py: the figures derived from visits and grants (each business's latest visit and
  baseline, each grantee's follow-up row), recomputed in the transaction of every write;
- worklist.py: who needs a visit, why, and how urgently (the urgency rule lives there);
- business.py: what the business page shows of one business;
- dates.py: the calendar arithmetic (months ago, months between).
"""
