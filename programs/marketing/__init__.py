"""Helping grantees sell (issue #21): the writes, the public catalogue's reads, the forms,
the market-support report and what it adds to a client's timeline. The models are in
programs/models/marketing.py."""
